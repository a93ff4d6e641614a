#include "cli/bench/players/PlayersRun.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <optional>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/bench/BenchSet.hpp"
#include "cli/bench/CpuAffinity.hpp"
#include "cli/bench/players/BenchPlayer.hpp"
#include "cli/bench/players/MetricsProbe.hpp"
#include "cli/bench/players/PlayerLayout.hpp"
#include "cli/bench/players/ProcStats.hpp"

namespace mmo::cli::bench::players {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// Loopback connections are spread over 127.0.0.x source addresses, this many per address, so a large run
// stays under the node's per-address limit (game.max_connections_per_address, 64 by default).
constexpr int kPlayersPerAddress = 50;
constexpr int kAddresses = 254;
// Players connected at a time per region; the next batch starts once this one is held or refused.
constexpr int kRampBatch = 250;
constexpr auto kBatchTimeout = std::chrono::seconds(30);
constexpr auto kScrapeEvery = std::chrono::milliseconds(500);
constexpr auto kDrain = std::chrono::seconds(1);
// Descriptors the driver needs besides two per player (HTTP scrapes, logs, the set's pipes).
constexpr rlim_t kSpareFiles = 256;

// Raises the open-file limit to its hard maximum; throws when even that cannot hold every player.
void raiseFileLimit(std::size_t players) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    const rlim_t needed = 2 * players + kSpareFiles;
    if (limit.rlim_cur < needed)
        throw CommandError{
            kEnvironmentError,
            std::to_string(players) + " players need " + std::to_string(needed) +
                " open files (a TCP and a UDP socket each) but the hard limit is " +
                std::to_string(limit.rlim_cur) +
                "; raise it (ulimit -Hn, /etc/security/limits.conf, LimitNOFILE=) or run fewer "
                "players"};
}

void sleepFor(Clock::duration d, const std::function<bool()>& interrupted) {
    const auto until = Clock::now() + d;
    while (!interrupted() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

std::optional<double> cpuPercent(const std::optional<ProcSample>& before,
                                 const std::optional<ProcSample>& after, double seconds) {
    if (!before || !after || seconds <= 0) return std::nullopt;
    return (after->cpuSeconds - before->cpuSeconds) / seconds * 100.0;
}

std::string rampLine(const std::vector<std::unique_ptr<RegionLoad>>& loads, int requested) {
    std::string line = "connecting:";
    for (const auto& l : loads)
        line += " " + l->region + " " + std::to_string(l->held.load()) + "/" + std::to_string(requested) +
                (l->refused ? " (" + std::to_string(l->refused.load()) + " refused)" : "");
    return line;
}

}  // namespace

PlayersResult runPlayersBench(const PlayersSettings& s, const BenchPlayersOptions& options,
                              const std::function<void(const std::string&)>& progress,
                              const std::function<bool()>& interrupted) {
    raiseFileLimit(static_cast<std::size_t>(s.players) * s.regions.size());

    BenchSyncOptions setOptions;
    setOptions.stateDir = options.stateDir;
    setOptions.portOffset = options.portOffset;
    setOptions.nodeBin = options.nodeBin;
    setOptions.natsBin = options.natsBin;
    BenchSettings setSettings;
    setSettings.regions = s.regions;
    std::unique_ptr<BenchSet> set;
    if (options.useRunning) {
        set = BenchSet::useRunning(setSettings, setOptions);
    } else {
        // Room for every player (the node's default is 10000 connections).
        ::setenv("GAME_GAME_MAX_CONNECTIONS", std::to_string(std::max(10000, s.players + 1000)).c_str(), 1);
        progress("starting the bench set...");
        set = BenchSet::startOwn(setSettings, setOptions, progress);
    }

    std::vector<RegionRecord> records;
    for (const auto& id : s.regions) records.push_back(*findRegion(set->state(), id));
    std::vector<std::optional<ProcSample>> idle;
    for (const auto& r : records) idle.push_back(sampleProcess(r.process.pid));

    std::optional<ProcessPinning> setPinning;
    if (!s.setCpus.empty()) {
        std::vector<int> pids;
        for (const auto& r : records)
            if (r.process.pid > 0) pids.push_back(r.process.pid);
        try {
            setPinning.emplace(pids, s.setCpus);
        } catch (const std::exception& e) {
            throw CommandError{kEnvironmentError, std::string("--set-cpus: ") + e.what()};
        }
    }
    // Pinned after the set started: its processes must not inherit the driver's CPUs.
    std::optional<ProcessPinning> pinning;
    if (!s.driverCpus.empty()) pinning.emplace(std::vector<int>{static_cast<int>(::getpid())}, s.driverCpus);

    std::vector<std::unique_ptr<RegionLoad>> loads;
    std::vector<RegionLoad*> loadPointers;
    for (const auto& r : records) {
        loads.push_back(std::make_unique<RegionLoad>(static_cast<std::size_t>(s.players)));
        loads.back()->region = r.process.name;
        loadPointers.push_back(loads.back().get());
    }
    PlaceLedger places(records.size());
    MeasureWindow window;
    const PlayerLayout layout{s.players, s.nearby, 64, s.view};

    asio::io_context io(s.threads);
    auto work = asio::make_work_guard(io);
    std::vector<std::thread> threads;
    for (int i = 0; i < s.threads; ++i) threads.emplace_back([&io] { io.run(); });
    std::vector<std::shared_ptr<BenchPlayer>> all;
    const auto stopEverything = [&] {
        for (auto& p : all) p->stop();
        std::this_thread::sleep_for(kDrain);
        work.reset();
        io.stop();
        for (auto& t : threads) t.join();
        threads.clear();
    };

    PlayersResult result;
    result.settings = s;
    result.set = set->own() ? "own" : "running";
    try {
        int next = 0;  // over all regions: picks the source address
        for (int first = 0; first < s.players && !interrupted(); first += kRampBatch) {
            for (std::size_t r = 0; r < records.size(); ++r) {
                for (int i = first; i < std::min(s.players, first + kRampBatch); ++i, ++next) {
                    PlayerPlan plan;
                    plan.target.tcpPort = static_cast<std::uint16_t>(records[r].tcpPort);
                    plan.target.udpPort = static_cast<std::uint16_t>(records[r].udpPort);
                    plan.target.localAddress = asio::ip::make_address_v4(
                        0x7f000001u + static_cast<unsigned>(next / kPlayersPerAddress % kAddresses));
                    plan.name = "bp-" + std::to_string(r) + "-" + std::to_string(i);
                    plan.regionIndex = r;
                    plan.slot = static_cast<std::size_t>(i);
                    plan.homeX = layout.homeX(i);
                    plan.homeY = layout.homeY(i);
                    plan.viewX = layout.viewX(i);
                    plan.viewY = layout.viewY(i);
                    plan.view = static_cast<std::uint32_t>(s.view);
                    plan.moveHz = s.moveHz;
                    plan.placeEvery = s.placeEvery;
                    plan.seed = static_cast<std::uint32_t>(next + 1);
                    all.push_back(std::make_shared<BenchPlayer>(io.get_executor(), plan, *loads[r],
                                                                loadPointers, places, window));
                    all.back()->start();
                }
            }
            const auto deadline = Clock::now() + kBatchTimeout;
            const auto settled = [&] {
                for (const auto& l : loads)
                    if (l->connecting > 0) return false;
                return true;
            };
            while (!settled() && !interrupted() && Clock::now() < deadline) {
                progress(rampLine(loads, s.players));
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            set->checkAlive();
        }
        for (auto& l : loads) l->positions.freeze();
        progress(rampLine(loads, s.players) + "; warming up");
        sleepFor(s.warmup, interrupted);

        std::vector<int> metricsPorts;
        for (const auto& r : records) metricsPorts.push_back(r.metricsPort);
        MetricsProbe probe(metricsPorts, kScrapeEvery, window);
        probe.start();
        std::vector<std::optional<ProcSample>> before;
        for (const auto& r : records) before.push_back(sampleProcess(r.process.pid));
        const auto driverBefore = sampleProcess(static_cast<int>(::getpid()));
        const auto opened = Clock::now();
        window.open(opened);
        const auto until = opened + s.duration;
        while (!interrupted() && Clock::now() < until) {
            const auto left = std::chrono::duration_cast<std::chrono::seconds>(until - Clock::now()).count();
            std::string line = "measuring, " + std::to_string(left) + " s left:";
            for (const auto& l : loads)
                line += " " + l->region + " " + std::to_string(l->held.load()) + " held";
            progress(line);
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
        const auto closed = Clock::now();
        window.close(closed);
        result.windowSeconds = std::chrono::duration<double>(closed - opened).count();
        result.driverCpuPercent =
            cpuPercent(driverBefore, sampleProcess(static_cast<int>(::getpid())), result.windowSeconds);
        for (std::size_t r = 0; r < records.size(); ++r) {
            const auto after = sampleProcess(records[r].process.pid);
            auto& l = *loads[r];
            RegionFigures f;
            f.region = l.region;
            f.requested = s.players;
            f.held = l.held;
            f.nodeCpuPercent = cpuPercent(before[r], after, result.windowSeconds);
            if (idle[r]) f.rssIdleKb = idle[r]->rssKb;
            if (after) f.rssHeldKb = after->rssKb;
            result.regions.push_back(std::move(f));
        }
        progress("stopping the players...");
        probe.stop();
        stopEverything();
        for (std::size_t r = 0; r < records.size(); ++r) {
            auto& l = *loads[r];
            auto& f = result.regions[r];
            f.refused = l.refused;
            f.disconnects = l.disconnects;
            f.errors = l.errors;
            f.positionHz = l.positionHz;
            f.positionsSent = l.positionsSent;
            f.positionsDatagrams = l.positionsDatagrams;
            f.placesSent = l.placesSent;
            f.placesAcked = l.placesAcked;
            f.remoteUpdates = l.remoteUpdates;
            f.fanOut = l.fanOut.summary();
            f.tickDelay = l.tickDelay.summary();
            f.placeAck = l.placeAck.summary();
            if (records.size() > 1) f.remoteUpdate = l.remoteUpdate.summary();
            f.metricsScrape = probe.latency(r).summary();
            f.metricsFailures = probe.failures(r);
        }
    } catch (...) {
        if (!threads.empty()) stopEverything();
        throw;
    }
    set->checkAlive();
    progress("stopping the bench set...");
    set->stop(progress);
    return result;
}

}  // namespace mmo::cli::bench::players
