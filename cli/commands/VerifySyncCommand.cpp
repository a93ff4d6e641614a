#include "cli/commands/VerifySyncCommand.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/util/DurationText.hpp"
#include "cli/verify/DeepComparison.hpp"
#include "cli/verify/RegionScraper.hpp"
#include "cli/verify/SyncReportPrinter.hpp"

namespace mmo::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollEvery = std::chrono::milliseconds(250);
constexpr auto kRequestTimeout = std::chrono::milliseconds(2000);

SyncReport scrapeOnce(const SetState& state, Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const auto timeout = std::clamp(left, std::chrono::milliseconds(200), kRequestTimeout);
    std::vector<RegionScrape> scrapes;
    for (const auto& region : state.regions) scrapes.push_back(scrapeRegion(region, timeout));
    return evaluateSync(scrapes);
}

}  // namespace

void setupVerifySync(CLI::App& app, VerifySyncOptions& options, int& exitCode) {
    auto* cmd = app.add_subcommand(
        "verify-sync", "Check that every region applied every other region's batches and the worlds agree");
    cmd->add_option("--timeout", options.timeout, "How long to wait for convergence (30s, 500ms, 2m)")
        ->capture_default_str();
    cmd->add_option("--state-dir", options.stateDir, "The set's state directory (from `mmoctl up`)")
        ->capture_default_str();
    cmd->add_flag("--json", options.json, "Print the final report as JSON");
    cmd->add_flag("--deep", options.deep,
                  "Also compare the worlds chunk by chunk and list every differing chunk and cell");
    cmd->footer(
        "Examples:\n"
        "  mmoctl verify-sync\n"
        "  mmoctl verify-sync --timeout 5s --json\n"
        "  mmoctl verify-sync --deep       # which chunks and cells differ (then: mmoctl repair)\n"
        "Exit codes: 0 converged, 1 not converged at the timeout (what differs is printed),\n"
        "2 bad flags, 3 a region unreachable or no running set.");
    cmd->callback([&options, &exitCode] { exitCode = runVerifySync(options); });
}

int runVerifySync(const VerifySyncOptions& options) {
    const auto timeout = parseDuration("--timeout", options.timeout);
    const auto state = requireRunningSet(options.stateDir);
    const auto deadline = Clock::now() + timeout;
    auto report = scrapeOnce(state, deadline);
    while (!report.converged && report.unreachable.empty() && Clock::now() + kPollEvery < deadline) {
        std::this_thread::sleep_for(kPollEvery);
        report = scrapeOnce(state, deadline);
    }
    std::optional<DeepReport> deep;
    if (options.deep && report.unreachable.empty()) {
        std::vector<WorldChunksClient> clients;
        for (const auto& region : state.regions)
            clients.emplace_back(region.process.name, region.restPort, kRequestTimeout * 5);
        deep = compareDeep(clients);
    }
    if (options.json) {
        if (deep) {
            auto value = boost::json::parse(syncReportJson(report));
            value.as_object()["deep"] = deepReportJson(*deep);
            std::cout << boost::json::serialize(value) << "\n";
        } else {
            std::cout << syncReportJson(report) << "\n";
        }
    } else {
        printSyncReport(report, std::cout);
        if (deep) printDeepReport(*deep, std::cout);
    }
    if (!report.unreachable.empty()) {
        for (const auto& line : report.unreachable)
            std::cerr << "mmoctl verify-sync: region unreachable: " << line
                      << "; check `mmoctl status` and `mmoctl logs`\n";
        return kEnvironmentError;
    }
    if (deep && !deep->chunks.empty()) return kCheckFailed;
    return report.converged ? kOk : kCheckFailed;
}

}  // namespace mmo::cli
