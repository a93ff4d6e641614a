#include "cli/commands/VerifySyncCommand.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/admin/NodeTarget.hpp"
#include "cli/admin/NodeUrl.hpp"
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

SyncReport scrapeOnce(std::vector<NodeTarget>& nodes, Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const auto timeout = std::clamp(left, std::chrono::milliseconds(200), kRequestTimeout);
    std::vector<RegionScrape> scrapes;
    for (auto& node : nodes) scrapes.push_back(scrapeRegion(node, timeout));
    requireDistinctRegions(nodes);
    return evaluateSync(scrapes);
}

std::vector<NodeTarget> nodesToCheck(const VerifySyncOptions& options) {
    if (options.nodes.empty()) return targetsOf(requireRunningSet(options.stateDir));
    std::vector<NodeTarget> nodes;
    for (const auto& url : parseNodeUrls(options.nodes, "--nodes")) nodes.push_back(undiscovered(url));
    return nodes;
}

}  // namespace

void setupVerifySync(CLI::App& app, VerifySyncOptions& options, int& exitCode) {
    auto* cmd = app.add_subcommand(
        "verify-sync", "Check that every region applied every other region's batches and the worlds agree");
    cmd->add_option("--timeout", options.timeout, "How long to wait for convergence (30s, 500ms, 2m)")
        ->capture_default_str();
    auto* stateDir =
        cmd->add_option("--state-dir", options.stateDir, "The set's state directory (from `mmoctl up`)")
            ->capture_default_str();
    cmd->add_option("--nodes", options.nodes,
                    "REST base URLs of nodes started by hand or on other hosts, instead of the set: "
                    "http://HOST:PORT,... (no credentials needed)")
        ->excludes(stateDir);
    cmd->add_flag("--json", options.json, "Print the final report as JSON");
    cmd->add_flag("--deep", options.deep,
                  "Also compare the worlds chunk by chunk and list every differing chunk and cell");
    cmd->footer(
        "Examples:\n"
        "  mmoctl verify-sync\n"
        "  mmoctl verify-sync --timeout 5s --json\n"
        "  mmoctl verify-sync --deep       # which chunks and cells differ (then: mmoctl repair)\n"
        "  mmoctl verify-sync --nodes http://10.0.0.5:8088,http://10.0.0.6:8089,http://10.0.0.7:8090\n"
        "Exit codes: 0 converged, 1 not converged at the timeout (what differs is printed),\n"
        "2 bad flags (a --nodes URL that is not a node's REST API), 3 a node unreachable or no running set.");
    cmd->callback([&options, &exitCode] { exitCode = runVerifySync(options); });
}

int runVerifySync(const VerifySyncOptions& options) {
    const auto timeout = parseDuration("--timeout", options.timeout);
    auto nodes = nodesToCheck(options);
    const auto deadline = Clock::now() + timeout;
    auto report = scrapeOnce(nodes, deadline);
    while (!report.converged && report.unreachable.empty() && Clock::now() + kPollEvery < deadline) {
        std::this_thread::sleep_for(kPollEvery);
        report = scrapeOnce(nodes, deadline);
    }
    std::optional<DeepReport> deep;
    const bool allKnown =
        std::all_of(nodes.begin(), nodes.end(), [](const auto& n) { return !n.region.empty(); });
    if (options.deep && report.unreachable.empty() && allKnown) {
        std::vector<WorldChunksClient> clients;
        for (const auto& node : nodes)
            clients.emplace_back(node.region, node.host, node.restPort, kRequestTimeout * 5);
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
            std::cerr << "mmoctl verify-sync: " << (options.nodes.empty() ? "region" : "node")
                      << " unreachable: " << line
                      << (options.nodes.empty()
                              ? "; check `mmoctl status` and `mmoctl logs`\n"
                              : "; check the URL (the node's REST base URL), that the node runs, "
                                "and that its REST and metrics ports are reachable from here\n");
        return kEnvironmentError;
    }
    if (deep && !deep->chunks.empty()) return kCheckFailed;
    return report.converged ? kOk : kCheckFailed;
}

}  // namespace mmo::cli
