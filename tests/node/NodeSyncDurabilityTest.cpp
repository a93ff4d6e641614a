// Acknowledged changes survive kill -9 of the node and a NATS outage: real mmo-node processes, a real
// nats-server, changes sent through the REST API the way an operator would.
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/ChangeWriter.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;

class NodeSyncDurability : public ::testing::Test {
  protected:
    void SetUp() override { nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path()); }
    TempDir dir_{"node-sync-durability"};
    std::unique_ptr<NatsServerProcess> nats_;
};

// kill -9 of a node in the middle of a stream of acknowledged changes, then a restart on the same data
// dir: every acknowledged change is in every region, and the digests agree within 10 s.
TEST_F(NodeSyncDurability, KillNineLosesNoAcknowledgedChange) {
    RegionNode eu("eu-west-1", dir_.path(), nats_->url());
    RegionNode us("us-east-1", dir_.path(), nats_->url());
    std::vector<AckedChange> acked;
    {
        ChangeWriter writer(eu, 1);
        ASSERT_TRUE(waitUntil([&] { return writer.acked() >= 150; }, 60s)) << eu.log();
        eu.kill9();
        writer.stop();
        acked = writer.ackedChanges();
    }
    eu.start();
    const auto restarted = std::chrono::steady_clock::now();
    ASSERT_TRUE(waitUntil([&] { return !eu.digest().empty() && eu.digest() == us.digest(); }, 10s))
        << "digests differ after restart: " << eu.digest() << " vs " << us.digest() << "\n"
        << eu.log();
    EXPECT_LE(std::chrono::steady_clock::now() - restarted, 10s);
    EXPECT_TRUE(eu.hasAll(acked)) << acked.size() << " acknowledged changes";
    EXPECT_TRUE(us.hasAll(acked)) << acked.size() << " acknowledged changes";
}

// NATS stopped for 20 s while a region keeps taking changes, then started again: nothing is lost and
// the digests agree.
TEST_F(NodeSyncDurability, NatsOutageOfTwentySecondsLosesNothing) {
    RegionNode eu("eu-west-1", dir_.path(), nats_->url());
    RegionNode us("us-east-1", dir_.path(), nats_->url());
    nats_->stop();
    std::vector<AckedChange> acked;
    {
        ChangeWriter writer(eu, 2);
        std::this_thread::sleep_for(20s);  // the scenario itself: twenty seconds of writes without NATS
        writer.stop();
        acked = writer.ackedChanges();
    }
    ASSERT_GT(acked.size(), 0u) << "the region must keep acknowledging while NATS is down\n" << eu.log();
    nats_->restart();
    ASSERT_TRUE(waitUntil([&] { return eu.digest() == us.digest() && us.hasAll(acked); }, 30s))
        << acked.size() << " acknowledged changes\n"
        << us.log();
    EXPECT_TRUE(eu.hasAll(acked));
}

}  // namespace
}  // namespace mmo::test
