// The multi-host test: `mmoctl config generate --hosts ...` for three hosts (eu, us, ap), each host a
// network namespace on one bridge with tbf-shaped links, every generated file used as written, nats-server
// and mmo-node started on each host in README.txt's order. Changes go in on every region; the server that
// leads the stream is killed with SIGKILL, changes keep going in, the server is restarted on the same
// files, more changes go in; then every acknowledged change is read back in every region, `mmoctl
// verify-sync --nodes` exits 0, and for every pair of regions what was consumed minus the duplicates
// equals what was published. Skipped (saying what is missing) without root, `ip` or netns support.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/multihost/GeneratedHosts.hpp"
#include "tests/support/NetworkNamespace.hpp"
#include "tests/support/TestNetwork.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test::multihost {
namespace {

using namespace std::chrono_literals;

constexpr int kChangesPerPhase = 8;    // per region and phase: before, during and after the outage
constexpr int kHomeReturnSeconds = 2;  // eventbus.home_return_after_seconds
// When a node is back on its home server at the latest, from the server being ready again: the healthy
// time, the first probe (a quarter of it) and a probe's round trips (2 s connect + 2 s stream info), with
// slack for a loaded machine (docs/sync.md, "Coming home after a failover").
constexpr auto kHomeReturnBound = std::chrono::seconds(kHomeReturnSeconds + 15);

class MultiHostDeployment : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        if (const auto reason = netns::unavailableReason(); !reason.empty())
            GTEST_SKIP() << "multi-host test skipped: " << reason;
    }
};

TEST_P(MultiHostDeployment, EveryAcknowledgedChangeSurvivesTheStreamServerKilledAndRestarted) {
    TestNetwork network({"eu", "us", "ap"});
    GeneratedHosts hosts(network, GetParam());
    std::string why;
    ASSERT_TRUE(hosts.startServers(60s, why)) << why;
    // The generated configs as they are; the environment (as an operator's could) shortens the flush, so
    // that a batch does not wait 3 s, and the healthy time before a node moves back to its home server.
    ASSERT_TRUE(
        hosts.startNodes(60s,
                         {{"GAME_SYNC_FLUSH_EVERY_SECONDS", "0.1"},
                          {"GAME_EVENTBUS_HOME_RETURN_AFTER_SECONDS", std::to_string(kHomeReturnSeconds)}},
                         why))
        << why << hosts.logs();
    const auto& regions = hosts.regions();

    std::vector<AckedChange> acked;
    const auto sendEverywhere = [&](int phase) {
        for (std::size_t i = 0; i < regions.size(); ++i) {
            const auto sent = hosts.sendChanges(regions[i], 100 + static_cast<int>(i),
                                                phase * kChangesPerPhase, kChangesPerPhase);
            // A node takes changes into its outbox whether NATS is up or not: all are acknowledged.
            EXPECT_EQ(sent.size(), static_cast<std::size_t>(kChangesPerPhase))
                << regions[i].id << " phase " << phase;
            acked.insert(acked.end(), sent.begin(), sent.end());
        }
    };

    sendEverywhere(0);
    const Region* leader = nullptr;
    ASSERT_TRUE(waitUntil([&] { return (leader = hosts.streamLeader()) != nullptr; }, 20s))
        << "no server leads GLOBAL_EVENTS\n"
        << hosts.logs();
    // README.txt says the first node started (eu's) puts the stream in its own cluster. Seen otherwise once
    // in about fifteen supercluster runs, with two tests running at once (the stream in ap-south-1's cluster
    // although us's and ap's nodes started after eu's /readyz was 200): not asserted here, where it does not
    // change what is tested (the server that holds the stream is the one killed), but shown with the
    // nodes' logs so that the cause can be found.
    if (GetParam() == "--nats-supercluster" && leader->id != "eu-west-1")
        std::printf(
            "[multihost note] GLOBAL_EVENTS is in %s's cluster, not eu-west-1's (the first node's):\n%s\n",
            leader->id.c_str(), hosts.logs().c_str());
    ASSERT_TRUE(hosts.killServer(*leader)) << leader->id << "'s nats-server did not end on SIGKILL";

    sendEverywhere(1);
    const auto restarted = std::chrono::steady_clock::now();
    ASSERT_TRUE(hosts.restartServer(*leader, 60s)) << leader->id << "'s nats-server did not come back\n"
                                                   << hosts.logs();
    const auto serverReady = std::chrono::steady_clock::now();

    // Every node back on its own region's server (the killed one's node after moving away and back).
    const auto home = [&](const Region& region) {
        return hosts.metric(region, "eventbus_on_home_server") == 1 &&
               hosts.natsServer(region).find(network.address(region.host) + ":" +
                                             std::to_string(region.natsClient)) != std::string::npos;
    };
    for (const auto& region : regions)
        EXPECT_TRUE(waitUntil([&] { return home(region); },
                              std::chrono::duration_cast<std::chrono::milliseconds>(
                                  kHomeReturnBound - (std::chrono::steady_clock::now() - serverReady))))
            << region.id << " is not back on its home server within " << kHomeReturnBound.count()
            << " s of its restart: on " << hosts.natsServer(region) << "\n"
            << hosts.logs();
    const auto backHome = std::chrono::steady_clock::now();
    EXPECT_GE(hosts.metric(*leader, "eventbus_home_returns_total"), 1)
        << leader->id << " never left or came back";
    sendEverywhere(2);

    const auto everywhere = [&] {
        for (const auto& region : regions)
            for (const auto& change : acked)
                if (hosts.blockType(region, change.x, change.y) != change.type) return false;
        return true;
    };
    ASSERT_TRUE(waitUntil(everywhere, 90s)) << "not every acknowledged change in every region\n"
                                            << hosts.logs();
    const auto converged = std::chrono::steady_clock::now();
    const auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    // Not asserted (the machine may be loaded): what a person reads after the run (ctest -V).
    std::printf(
        "[multihost summary] %s: killed %s's nats-server (stream leader); restarted, ready after %.1f s; "
        "every node home %.1f s after that; %zu acked changes in every region %.1f s after the restart\n",
        GetParam().c_str(), leader->id.c_str(), seconds(serverReady - restarted),
        seconds(backHome - serverReady), acked.size(), seconds(converged - restarted));
    for (const auto& region : regions)  // one by one, so a failure names the region and the cell
        for (const auto& change : acked)
            EXPECT_EQ(hosts.blockType(region, change.x, change.y), change.type)
                << region.id << " (" << change.x << "," << change.y << ")";

    const auto [code, out] = hosts.verifySync(regions[0], "30s");
    EXPECT_EQ(code, 0) << out;

    // Nothing lost, nothing applied twice: for every pair, batches consumed minus duplicates = published.
    const auto balanced = [&] {
        for (const auto& region : regions) {
            if (hosts.metric(region, "sync_outbox_changes") != 0) return false;
            const auto published = hosts.metric(region, "eventbus_published_batches_total");
            for (const auto& other : regions) {
                if (other.id == region.id) continue;
                const auto consumed =
                    hosts.metric(other, "eventbus_consumed_batches_total", {{"source_region", region.id}});
                const auto duplicates =
                    hosts.metric(other, "eventbus_duplicates_total", {{"source_region", region.id}});
                if (published <= 0 || consumed - std::max(duplicates, 0.0) != published) return false;
            }
        }
        return true;
    };
    EXPECT_TRUE(waitUntil(balanced, 30s)) << [&] {
        std::string table;
        for (const auto& region : regions) {
            table += region.id + " published " +
                     std::to_string(hosts.metric(region, "eventbus_published_batches_total")) + ", outbox " +
                     std::to_string(hosts.metric(region, "sync_outbox_changes")) + ";";
            for (const auto& other : regions)
                if (other.id != region.id)
                    table += " " + other.id + " consumed " +
                             std::to_string(hosts.metric(other, "eventbus_consumed_batches_total",
                                                         {{"source_region", region.id}})) +
                             " duplicates " +
                             std::to_string(hosts.metric(other, "eventbus_duplicates_total",
                                                         {{"source_region", region.id}}));
            table += "\n";
        }
        return table;
    }();
}

INSTANTIATE_TEST_SUITE_P(Layouts, MultiHostDeployment,
                         ::testing::Values("--nats-supercluster", "--nats-cluster"), [](const auto& info) {
                             return info.param == "--nats-supercluster" ? "Supercluster" : "Cluster";
                         });

}  // namespace
}  // namespace mmo::test::multihost
