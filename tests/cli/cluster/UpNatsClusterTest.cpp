// `mmoctl up --nats-cluster 3`: three nats-servers in one JetStream cluster and three nodes; under load
// one server is killed with SIGKILL, the regions stay converged, `up` restarts only that server, `down`
// stops everything.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/cli/cluster/ClusterProbe.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;

// Kill -9 of one of three servers under load loses nothing acknowledged; up restarts just that one.
TEST(MmoctlUpNatsCluster, SurvivesTheLossOfAServerAndRestartsOnlyIt) {
    MmoctlHarness h(12200);
    const int offset = h.freeOffset(3, 3);
    const auto up = h.run({"up", "--regions=eu,us,ap", "--nats-cluster=3", "--detach", h.stateDirArg(),
                           "--port-offset=" + std::to_string(offset)});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    EXPECT_NE(up.out.find("JetStream cluster mmo, 3 servers, stream replicas 3"), std::string::npos)
        << up.out;
    const auto before = *h.state();
    ASSERT_EQ(before.natsPeers.size(), 2u);
    EXPECT_EQ(before.nats.process.name, "nats-0");
    EXPECT_EQ(before.natsPeers[1].clientPort, 4224 + offset);
    const auto allPids = statePids(before);
    ASSERT_EQ(allPids.size(), 6u);
    for (const int pid : allPids) EXPECT_TRUE(pidRunning(pid));

    const auto status = h.run({"status", "--json", h.stateDirArg()});
    ASSERT_EQ(status.code, 0) << status.err;
    const auto servers = boost::json::parse(status.out).at("nats_servers").as_array();
    ASSERT_EQ(servers.size(), 3u);
    for (const auto& s : servers) EXPECT_TRUE(s.at("healthy").as_bool()) << s;
    EXPECT_EQ(h.run({"logs", "nats-2", h.stateDirArg(), "--lines=500"}).out.find("Server is ready") ==
                  std::string::npos,
              false);

    std::vector<std::unique_ptr<ChangeWriter>> writers;
    for (std::size_t i = 0; i < before.regions.size(); ++i)
        writers.push_back(
            std::make_unique<ChangeWriter>(before.regions[i].restPort, 2000 + static_cast<int>(i)));
    const auto allAcked = [&](int count) {
        for (auto& w : writers)
            if (w->acked() < count) return false;
        return true;
    };
    ASSERT_TRUE(waitUntil([&] { return allAcked(20); }, 30s));
    // nats-1 is us-east-1's own server: its node must move to another one.
    const int killed = before.natsPeers[0].process.pid;
    ASSERT_EQ(::kill(killed, SIGKILL), 0);
    ASSERT_TRUE(waitUntil([&] { return !pidRunning(killed); }, 5s));
    int ackedAtKill = 0;
    for (auto& w : writers) ackedAtKill = std::max(ackedAtKill, w->acked());
    EXPECT_TRUE(waitUntil([&] { return allAcked(ackedAtKill + 40); }, 30s))
        << "writes stalled after the kill";
    std::vector<AckedChange> written;
    for (auto& w : writers) {
        w->stop();
        for (auto& b : w->ackedChanges()) written.push_back(b);
    }
    const auto converged = [&] {
        const auto first = worldDigest(static_cast<std::uint16_t>(before.regions[0].restPort));
        for (const auto& r : before.regions)
            if (first.empty() || worldDigest(static_cast<std::uint16_t>(r.restPort)) != first) return false;
        for (const auto& r : before.regions)
            if (!hasAllBlocks(static_cast<std::uint16_t>(r.restPort), written)) return false;
        return true;
    };
    EXPECT_TRUE(waitUntil(converged, 45s)) << written.size() << " acknowledged changes not everywhere";

    const auto again = h.run({"up", "--detach", h.stateDirArg()});
    ASSERT_EQ(again.code, 0) << again.out << again.err;
    EXPECT_NE(again.out.find("started: nats-1\n"), std::string::npos) << again.out;
    const auto after = *h.state();
    EXPECT_NE(after.natsPeers[0].process.pid, killed);
    EXPECT_TRUE(pidRunning(after.natsPeers[0].process.pid));
    EXPECT_EQ(after.nats.process.pid, before.nats.process.pid);
    EXPECT_EQ(after.natsPeers[1].process.pid, before.natsPeers[1].process.pid);
    for (std::size_t i = 0; i < after.regions.size(); ++i)
        EXPECT_EQ(after.regions[i].process.pid, before.regions[i].process.pid);
    EXPECT_TRUE(natsClusterReady(static_cast<std::uint16_t>(after.natsPeers[0].monitorPort)));

    const auto pids = statePids(after);
    const auto down = h.run({"down", h.stateDirArg()});
    EXPECT_EQ(down.code, 0) << down.err;
    EXPECT_NE(down.out.find("stopped nats-1"), std::string::npos) << down.out;
    for (const int pid : pids) EXPECT_FALSE(pidRunning(pid)) << pid;
    EXPECT_FALSE(h.state());
}

}  // namespace
}  // namespace mmo::test
