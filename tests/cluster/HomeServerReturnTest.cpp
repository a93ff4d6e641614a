// After a failover a node moves back to its home server (the first of eventbus.url) once that server is
// healthy again (docs/sync.md, "Coming home after a failover"): a 3-server JetStream cluster (stream R3), two
// regions on their own servers first, eu's server killed with -9 under writes and restarted on its store.
// eu moves to another server, keeps publishing, comes back home within the bound, and nothing acknowledged
// is lost or stored or applied twice. Real nats-server and mmo-node processes, changes through the REST API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "tests/support/ChangeWriter.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsClusterProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr int kReturnAfterSeconds = 2;

// The NATS server a node says it uses (GET /api/sync/status, nats.server).
std::string natsServerOf(const RegionNode& region) {
    const auto response = httpGet(region.rest(), "/api/sync/status");
    if (response.status != 200) return {};
    try {
        const auto root = boost::json::parse(response.body).as_object();
        return std::string(root.at("nats").as_object().at("server").as_string());
    } catch (const std::exception&) {
        return {};
    }
}

class HomeServerReturn : public ::testing::Test {
  protected:
    void SetUp() override {
        for (int i = 0; i < 2; ++i)
            regions_.push_back(std::make_unique<RegionNode>(
                kIds[i], dir_.path(), cluster_.urlListFrom(i),
                std::map<std::string, std::string>{
                    {"GAME_EVENTBUS_REPLICAS", "3"},
                    {"GAME_EVENTBUS_HOME_RETURN_AFTER_SECONDS", std::to_string(kReturnAfterSeconds)}}));
        for (auto& region : regions_)
            ASSERT_TRUE(waitUntil([&] { return httpGet(region->rest(), "/readyz").status == 200; }, 30s))
                << region->log();
    }

    bool published(std::size_t region, double past) const {
        return regions_[region]->metric("sync_published_batch_seq") > past;
    }

    static constexpr const char* kIds[2] = {"eu-west-1", "us-east-1"};
    TempDir dir_{"home-return"};
    NatsClusterProcess cluster_{dir_.path() / "nats", 3};
    std::vector<std::unique_ptr<RegionNode>> regions_;
    std::vector<std::unique_ptr<ChangeWriter>> writers_;
};

TEST_F(HomeServerReturn, NodeMovesBackHomeWithoutLosingOrDuplicatingABatch) {
    auto& eu = *regions_[0];
    EXPECT_EQ(eu.metric("eventbus_on_home_server"), 1);
    EXPECT_EQ(eu.metric("eventbus_home_returns_total"), 0);
    EXPECT_EQ(natsServerOf(eu), cluster_.url(0));
    for (int i = 0; i < 2; ++i) writers_.push_back(std::make_unique<ChangeWriter>(*regions_[i], i + 1, 10ms));
    ASSERT_TRUE(waitUntil([&] { return published(0, 3) && published(1, 3); }, 30s));

    // eu's server dies: eu moves to another server of its list and keeps publishing there.
    cluster_.kill(0);
    const double before = eu.metric("sync_published_batch_seq");
    ASSERT_TRUE(
        waitUntil([&] { return published(0, before + 3) && eu.metric("eventbus_on_home_server") == 0; }, 30s))
        << "eu did not publish on another server\n"
        << eu.log() << cluster_.logs();
    const auto away = natsServerOf(eu);
    EXPECT_NE(away, cluster_.url(0));
    EXPECT_FALSE(away.empty());

    // Back: eu returns to it within the bound: 2 s of passing probes, up to 0.5 s to the first one, and the
    // probes' and the new connection's round trips (each at most 2 s); 15 s leaves room for a loaded CI.
    cluster_.restart(0);
    ASSERT_TRUE(cluster_.waitServing(0, 30s)) << cluster_.logs();
    ASSERT_TRUE(waitUntil([&] { return eu.metric("eventbus_on_home_server") == 1; }, 15s))
        << "eu did not come home\n"
        << eu.log();
    EXPECT_EQ(eu.metric("eventbus_home_returns_total"), 1);
    EXPECT_EQ(natsServerOf(eu), cluster_.url(0));
    EXPECT_THAT(eu.log(), HasSubstr("NATS: back on the home server " + cluster_.url(0) + " (was on "));
    // And publishes and consumes there.
    const double home = eu.metric("sync_published_batch_seq");
    ASSERT_TRUE(waitUntil([&] { return published(0, home + 3) && published(1, home + 3); }, 30s)) << eu.log();

    std::vector<AckedChange> acked;
    for (auto& writer : writers_) {
        writer->stop();
        const auto some = writer->ackedChanges();
        acked.insert(acked.end(), some.begin(), some.end());
    }
    ASSERT_TRUE(waitUntil(
        [&] {
            const auto digest = regions_[0]->digest();
            return !digest.empty() && regions_[1]->digest() == digest;
        },
        30s))
        << "digests differ\n"
        << eu.log();
    EXPECT_TRUE(regions_[1]->hasAll(acked)) << acked.size() << " acknowledged changes";
    EXPECT_TRUE(regions_[0]->hasAll(acked)) << acked.size() << " acknowledged changes";
    // Nothing lost or applied twice: consumed minus duplicates equals what the source published.
    for (const auto& source : regions_) {
        const double batches = source->metric("eventbus_published_batches_total");
        EXPECT_GT(batches, 0);
        EXPECT_EQ(source->metric("sync_published_batch_seq"), batches) << source->id();
        for (const auto& region : regions_) {
            if (region == source) continue;
            const std::map<std::string, std::string> from{{"source_region", source->id()}};
            ASSERT_TRUE(
                waitUntil([&] { return region->metric("sync_applied_batch_seq", from) == batches; }, 30s))
                << region->id() << " from " << source->id();
            const double consumed = region->metric("eventbus_consumed_batches_total", from);
            const double duplicates = std::max(0.0, region->metric("eventbus_duplicates_total", from));
            EXPECT_EQ(consumed - duplicates, batches) << region->id() << " from " << source->id();
        }
    }
    // The region that stayed home never moved.
    EXPECT_EQ(regions_[1]->metric("eventbus_home_returns_total"), 0);
}

// A home server that fails again soon after the node came back: the node leaves it again, and the second
// move home waits twice as long (4 s instead of 2 s), as it logs; sync carries on throughout.
TEST_F(HomeServerReturn, AFlappingHomeServerDoublesTheWait) {
    auto& eu = *regions_[0];
    writers_.push_back(std::make_unique<ChangeWriter>(eu, 1, 20ms));
    for (int round = 1; round <= 2; ++round) {
        cluster_.kill(0);
        ASSERT_TRUE(waitUntil([&] { return eu.metric("eventbus_on_home_server") == 0; }, 30s)) << eu.log();
        cluster_.restart(0);
        ASSERT_TRUE(cluster_.waitServing(0, 30s)) << cluster_.logs();
        ASSERT_TRUE(waitUntil([&] { return eu.metric("eventbus_home_returns_total") == round; }, 30s))
            << "round " << round << "\n"
            << eu.log();
    }
    EXPECT_THAT(eu.log(), HasSubstr("moving back once it has been healthy for 2 s"));
    EXPECT_THAT(eu.log(), HasSubstr("moving back once it has been healthy for 4 s"));
    writers_[0]->stop();
    const auto acked = writers_[0]->ackedChanges();
    ASSERT_TRUE(waitUntil([&] { return regions_[1]->hasAll(acked); }, 30s)) << acked.size() << " changes";
}

}  // namespace
}  // namespace mmo::test
