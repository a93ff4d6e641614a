#include "cli/commands/BotsCommand.hpp"

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/bots/Bot.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/util/DurationText.hpp"
#include "cli/util/SignalFlag.hpp"
#include "cli/util/Terminal.hpp"
#include "cli/util/TextTable.hpp"

namespace mmo::cli {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// How long stopped bots get to receive their last acks and say goodbye.
constexpr std::chrono::seconds kDrain{2};
// Loopback connections are spread over 127.0.0.x source addresses, this many per address, so that a
// large run stays under the server's per-address limit (64 by default).
constexpr int kBotsPerAddress = 50;

struct RegionRun {
    std::string region;
    gameclient::ClientOptions target;
    std::unique_ptr<BotStats> stats = std::make_unique<BotStats>();
};

// Raises the open-file limit to its hard maximum: every bot holds two sockets.
void raiseFileLimit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

std::vector<RegionRun> resolveRegions(const SetState& state, const std::vector<std::string>& names) {
    std::vector<RegionRun> runs;
    const auto add = [&](const RegionRecord& r) {
        RegionRun run;
        run.region = r.process.name;
        run.target.tcpPort = static_cast<std::uint16_t>(r.tcpPort);
        run.target.udpPort = static_cast<std::uint16_t>(r.udpPort);
        runs.push_back(std::move(run));
    };
    if (names.empty())
        for (const auto& r : state.regions) add(r);
    for (const auto& name : names) {
        const auto* r = findRegion(state, name);
        if (!r) throw CommandError{kUsageError, "--regions: the running set has no region \"" + name + "\""};
        add(*r);
    }
    return runs;
}

std::string progressLine(double elapsed, double total, const std::vector<RegionRun>& runs) {
    std::string line = "[" + std::to_string(static_cast<int>(elapsed)) + "s/" +
                       std::to_string(static_cast<int>(total)) + "s]";
    for (const auto& r : runs)
        line += " " + r.region + ": " + std::to_string(r.stats->connected.load()) + " bots " +
                std::to_string(r.stats->actionsSent.load()) + " sent " +
                std::to_string(r.stats->actionsAcked.load()) + " acked " +
                std::to_string(r.stats->updatesReceived.load()) + " upd";
    return line;
}

std::string fixed(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

void printReport(const std::vector<RegionRun>& runs, int count, bool asJson) {
    if (asJson) {
        json::array regions;
        for (const auto& r : runs) {
            const auto& s = *r.stats;
            regions.push_back(json::object{{"region", r.region},
                                           {"bots", count},
                                           {"actions_sent", s.actionsSent.load()},
                                           {"actions_acked", s.actionsAcked.load()},
                                           {"updates_received", s.updatesReceived.load()},
                                           {"cross_region_updates", s.crossRegionUpdates.load()},
                                           {"latency_p50_ms", s.latencyPercentile(0.50)},
                                           {"latency_p99_ms", s.latencyPercentile(0.99)},
                                           {"errors", s.errors.load()},
                                           {"disconnects", s.disconnects.load()},
                                           {"positions_received", s.positionsReceived.load()}});
        }
        std::cout << json::serialize(json::object{{"regions", regions}}) << "\n";
        return;
    }
    TextTable table(
        {"REGION", "BOTS", "SENT", "ACKED", "UPDATES", "CROSS-REGION", "P50 MS", "P99 MS", "ERRORS"});
    for (const auto& r : runs) {
        const auto& s = *r.stats;
        table.addRow({r.region, std::to_string(count), std::to_string(s.actionsSent.load()),
                      std::to_string(s.actionsAcked.load()), std::to_string(s.updatesReceived.load()),
                      std::to_string(s.crossRegionUpdates.load()), fixed(s.latencyPercentile(0.50)),
                      fixed(s.latencyPercentile(0.99)), std::to_string(s.errors.load())});
    }
    table.print(std::cout);
}

}  // namespace

void setupBots(CLI::App& app, BotsOptions& options, int& exitCode) {
    auto* bots = app.add_subcommand("bots", "Run simulated players against the running set");
    bots->add_option("--regions", options.regions,
                     "Regions to play in (alias or id, comma separated); default all")
        ->delimiter(',');
    bots->add_option("--count", options.count, "Bots per region")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    bots->add_option("--rate", options.rate, "Place/break actions per second per bot (server limit: 20)")
        ->check(CLI::Range(0.01, 1000.0))
        ->capture_default_str();
    bots->add_option("--duration", options.duration, "How long the bots play (30s, 2m, ...)")
        ->capture_default_str();
    bots->add_option("--state-dir", options.stateDir, "The state dir of the set")->capture_default_str();
    bots->add_option("--area", options.areaSide, "Side of the shared square the bots build in and watch")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    bots->add_option("--areas", options.areas, "Split the bots over this many squares side by side")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    bots->add_option("--move-hz", options.moveHz, "UDP position updates per bot per second")
        ->check(CLI::Range(0.1, 100.0))
        ->capture_default_str();
    bots->add_option("--threads", options.threads, "I/O threads for the bots")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    bots->add_flag("--json", options.json,
                   "Print {\"regions\": [{region, actions_sent, actions_acked, ...}]}");
    bots->footer(
        "Examples:\n"
        "  mmoctl bots --regions eu,us --count 50 --rate 2 --duration 30s\n"
        "  mmoctl bots --regions eu --count 5000 --rate 1 --duration 60s --json\n"
        "Exit codes: 0 done, 1 a region acknowledged no action, 2 usage, 3 no running set.");
    bots->callback([&options, &exitCode] { exitCode = runBots(options); });
}

int runBots(const BotsOptions& options) {
    const auto duration = parseDuration("--duration", options.duration);
    const auto state = requireRunningSet(std::filesystem::absolute(options.stateDir));
    auto runs = resolveRegions(state, options.regions);
    raiseFileLimit();

    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::vector<std::thread> threads;
    for (int i = 0; i < options.threads; ++i) threads.emplace_back([&io] { io.run(); });
    std::vector<std::shared_ptr<Bot>> bots;
    int next = 0;
    for (auto& run : runs) {
        for (int i = 0; i < options.count; ++i, ++next) {
            BotPlan plan;
            plan.target = run.target;
            plan.target.localAddress =
                asio::ip::make_address_v4(0x7f000001u + static_cast<unsigned>(next / kBotsPerAddress % 254));
            plan.name = "bot-" + std::to_string(next);
            plan.actionsPerSecond = options.rate;
            plan.areaSide = static_cast<std::uint32_t>(options.areaSide);
            plan.areaX = (i % options.areas) * options.areaSide;
            plan.moveEvery = std::chrono::milliseconds(static_cast<int>(1000 / options.moveHz));
            plan.seed = static_cast<std::uint32_t>(next + 1);
            bots.push_back(std::make_shared<Bot>(io.get_executor(), plan, *run.stats));
            bots.back()->start();
        }
    }
    SignalFlag signals;
    const bool live = !options.json && isTerminal(stderr);
    const auto started = std::chrono::steady_clock::now();
    while (!signals.raised() && std::chrono::steady_clock::now() - started < duration) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (live)
            std::cerr << "\r\033[K" << progressLine(elapsed, duration.count() / 1000.0, runs) << std::flush;
    }
    if (live) std::cerr << "\n";
    for (auto& bot : bots) bot->stop();
    std::this_thread::sleep_for(kDrain);
    io.stop();
    for (auto& t : threads) t.join();
    printReport(runs, options.count, options.json);
    for (const auto& r : runs)
        if (r.stats->actionsAcked == 0) return kCheckFailed;
    return kOk;
}

}  // namespace mmo::cli
