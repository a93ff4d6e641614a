#include "cli/commands/RepairCommand.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/admin/AdminLogin.hpp"
#include "cli/admin/NodeApiClient.hpp"
#include "cli/commands/SendEventCommand.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/util/DurationText.hpp"
#include "cli/verify/DeepComparison.hpp"

namespace mmo::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRequestTimeout = std::chrono::seconds(10);
constexpr auto kPollEvery = std::chrono::milliseconds(250);

std::vector<WorldChunksClient> clientsOf(const SetState& state) {
    std::vector<WorldChunksClient> clients;
    for (const auto& region : state.regions)
        clients.emplace_back(region.process.name, region.restPort, kRequestTimeout);
    return clients;
}

// Every version of every differing cell, as each region holds it (compareDeep fetched them): merged
// anywhere, the newest version wins. Cells equal everywhere are already everywhere.
std::vector<codec::BlockChange> cellsToMerge(const DeepReport& report) {
    std::vector<codec::BlockChange> cells;
    for (const auto& chunk : report.chunks)
        for (const auto& cell : chunk.cells)
            for (const auto& [region, version] : cell.byRegion) cells.push_back(version);
    return cells;
}

bool digestsAgree(const std::vector<WorldChunksClient>& clients) {
    std::vector<RegionChunks> all;
    for (const auto& client : clients) all.push_back(client.chunks());
    return diffChunks(all).empty();
}

}  // namespace

void setupRepair(CLI::App& app, RepairOptions& options, int& exitCode) {
    auto* cmd = app.add_subcommand(
        "repair", "Make diverged regions agree again: merge every differing chunk into every region (LWW)");
    cmd->add_option("--region", options.region, "Only repair this region (default: every region)");
    cmd->add_option("--state-dir", options.stateDir, "The set's state directory (from `mmoctl up`)")
        ->capture_default_str();
    addAdminLoginFlags(*cmd, options.username, options.password);
    cmd->add_option("--timeout", options.timeout, "How long to wait for the digests to agree afterwards")
        ->capture_default_str();
    cmd->add_flag("--json", options.json, "Print the result as JSON");
    cmd->footer(
        "Examples:\n"
        "  mmoctl verify-sync --deep     # see what differs\n"
        "  mmoctl repair                 # merge it everywhere\n"
        "  mmoctl repair --region ap     # only into ap-south-1\n"
        "Repair is idempotent and never replaces a newer write: every cell is merged last-writer-wins.\n"
        "Without --region it waits (--timeout) until every region's digest agrees.\n"
        "Exit codes: 0 repaired (and, without --region, every digest agrees), 1 still differing at the\n"
        "timeout, 2 bad flags,\n"
        "3 no running set, a region unreachable or the admin login refused, 4 a node failed.");
    cmd->callback([&options, &exitCode] { exitCode = runRepair(options); });
}

int runRepair(const RepairOptions& options) {
    const auto timeout = parseDuration("--timeout", options.timeout);
    const auto state = requireRunningSet(options.stateDir);
    std::vector<const RegionRecord*> targets;
    if (options.region.empty())
        for (const auto& region : state.regions) targets.push_back(&region);
    else
        targets.push_back(&pickRegion(state, options.region, options.stateDir));
    try {
        const auto clients = clientsOf(state);
        // Read before the cells: what every region had applied then is in the cells read after.
        std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> covered;
        for (const auto& client : clients)
            for (const auto& [source, position] : client.appliedSources()) {
                auto& best = covered[source];
                if (position.first > best.first) best = position;
            }
        const auto before = compareDeep(clients);
        const auto cells = cellsToMerge(before);
        std::map<std::string, MergeCounts> merged;
        for (const auto* target : targets) {
            const std::string token = loginAsAdmin(*target, options.username, options.password);
            const WorldChunksClient client(target->process.name, target->restPort, kRequestTimeout);
            if (!cells.empty()) merged[target->process.name] = client.merge(token, cells);
            client.markComplete(token, covered);
        }
        // Every region repaired: wait until they all agree (writes may still be in flight). One region: it
        // now holds the newest version of every differing cell, whatever the others hold.
        bool agree = true;
        if (options.region.empty()) {
            const auto deadline = Clock::now() + timeout;
            agree = digestsAgree(clients);
            while (!agree && Clock::now() + kPollEvery < deadline) {
                std::this_thread::sleep_for(kPollEvery);
                agree = digestsAgree(clients);
            }
        }
        if (options.json) {
            boost::json::object mergedJson;
            for (const auto& [region, counts] : merged)
                mergedJson[region] = {
                    {"applied", counts.applied}, {"stale", counts.stale}, {"duplicate", counts.duplicate}};
            std::cout << boost::json::serialize(boost::json::object{
                             {"differing_chunks", before.chunks.size()},
                             {"cells_sent", cells.size()},
                             {"merged", std::move(mergedJson)},
                             {"digests_agree", options.region.empty() ? boost::json::value(agree)
                                                                      : boost::json::value(nullptr)}})
                      << "\n";
        } else {
            std::cout << fmt::format("repair: {} of {} chunks differed; {} cells sent to {} region{}\n",
                                     before.chunks.size(), before.chunksCompared, cells.size(),
                                     targets.size(), targets.size() == 1 ? "" : "s");
            for (const auto& [region, counts] : merged)
                std::cout << fmt::format("  {}: {} cells changed, {} already newer, {} already equal\n",
                                         region, counts.applied, counts.stale, counts.duplicate);
            if (!options.region.empty())
                std::cout << "repair: " << targets.front()->process.name
                          << " holds the newest version of every cell that differed\n";
            else if (agree)
                std::cout << "repair: every region's digest agrees\n";
            else
                std::cout
                    << "repair: digests still differ (writes in flight? run `mmoctl verify-sync --deep`)\n";
        }
        return agree ? kOk : kCheckFailed;
    } catch (const NodeApiError& e) {
        throw CommandError{exitCodeForStatus(e.status()), fmt::format("repair: {} ({})", e.what(), e.code())};
    } catch (const http_client::HttpClientError& e) {
        throw CommandError{kEnvironmentError, std::string("repair: a region is unreachable: ") + e.what() +
                                                  "; check `mmoctl status`"};
    }
}

}  // namespace mmo::cli
