// A permanent world with real processes: three mmo-node regions on a real nats-server write checkpoint
// rounds to the world store; the event stream is then purged (what retention does to old batches), and
// a region that starts afterwards (new, or with its data dir wiped) converges from the checkpoints while
// every region keeps writing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ChangeWriter.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/JetStreamAdmin.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kStream = "GLOBAL_EVENTS";
const std::map<std::string, std::string> kFastCheckpoints{{"GAME_CHECKPOINT_EVERY_SECONDS", "1"},
                                                          {"GAME_SYNC_BATCH_SIZE", "1000"}};

class WorldCheckpoint : public ::testing::Test {
  protected:
    void SetUp() override {
        nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path());
        for (const char* id : {"eu-west-1", "us-east-1", "ap-south-1"})
            regions_.push_back(std::make_unique<RegionNode>(id, dir_.path(), nats_->url(), kFastCheckpoints));
    }

    // FillEvent of a w x h area (at most 10,000 cells) in region i; fails the test unless accepted.
    void fill(std::size_t i, int x, int y, int w, int h, const std::string& type) {
        const auto body = R"({"event_type":"FillEvent","data":{"x1":)" + std::to_string(x) + R"(,"y1":)" +
                          std::to_string(y) + R"(,"x2":)" + std::to_string(x + w - 1) + R"(,"y2":)" +
                          std::to_string(y + h - 1) + R"(,"block_type":")" + type + R"("}})";
        const auto r = httpPost(regions_[i]->rest(), "/api/admin/events/send", body,
                                {{"Authorization", "Bearer " + adminToken(regions_[i]->rest())}});
        ASSERT_EQ(r.status, 202) << r.body;
    }

    // 120,000 blocks, 40,000 written by each region, and one area written by all three (LWW decides).
    void writeWorld() {
        const char* types[] = {"stone", "dirt", "sand"};
        for (std::size_t r = 0; r < 3; ++r)
            for (int k = 0; k < 4; ++k) fill(r, static_cast<int>(r) * 400 + k * 100, -50, 100, 100, types[r]);
        for (std::size_t r = 0; r < 3; ++r) fill(r, 50, 0, 100, 20, types[r]);
    }

    // Every region's digest, once all agree ("" if they do not within the timeout).
    std::string agreedDigest(std::chrono::milliseconds timeout) {
        std::string digest;
        waitUntil(
            [&] {
                digest = regions_.front()->digest();
                for (const auto& region : regions_)
                    if (region->digest() != digest || digest.empty()) return false;
                return true;
            },
            timeout);
        for (const auto& region : regions_)
            if (region->digest() != digest) return "";
        return digest;
    }

    // Waits until a checkpoint round of every region covers the whole stream as it is now.
    void waitForCheckpointsCoveringTheStream() {
        const auto last = JetStreamAdmin(nats_->url()).counts(kStream).lastSeq;
        for (const auto& region : regions_)
            ASSERT_TRUE(waitUntil(
                [&] { return region->metric("sync_checkpoint_stream_seq") >= static_cast<double>(last); },
                30s))
                << region->id() << " wrote no checkpoint round covering stream seq " << last << "\n"
                << region->log();
    }

    bool ready(const RegionNode& region) const { return httpGet(region.rest(), "/readyz").status == 200; }

    // GET /api/world/chunks without the region name: every chunk's digest, block and cell count.
    std::string chunksOf(const RegionNode& region) const {
        auto body = json::parse(httpGet(region.rest(), "/api/world/chunks").body).as_object();
        body.erase("region");
        return json::serialize(body);
    }

    TempDir dir_{"world-checkpoint"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::vector<std::unique_ptr<RegionNode>> regions_;
};

// The issue's walkthrough at 120,000 blocks: a region started after the purge has the same world, chunk
// by chunk, and every change acknowledged in any region while it bootstrapped reaches every region.
TEST_F(WorldCheckpoint, ARegionStartedAfterThePurgeConverges) {
    writeWorld();
    const auto before = agreedDigest(60s);
    ASSERT_FALSE(before.empty()) << "the three regions did not converge before the purge";
    waitForCheckpointsCoveringTheStream();
    JetStreamAdmin(nats_->url()).purge(kStream);
    ASSERT_EQ(JetStreamAdmin(nats_->url()).counts(kStream).messages, 0u);

    std::vector<std::unique_ptr<ChangeWriter>> writers;
    for (std::size_t r = 0; r < 3; ++r)
        writers.push_back(std::make_unique<ChangeWriter>(*regions_[r], 1000 + static_cast<int>(r), 5ms));
    regions_.push_back(
        std::make_unique<RegionNode>("sa-east-1", dir_.path(), nats_->url(), kFastCheckpoints));
    auto& added = *regions_.back();
    ASSERT_TRUE(waitUntil([&] { return ready(added); }, 30s)) << added.log();
    std::vector<AckedChange> acked;
    for (auto& writer : writers) {
        writer->stop();
        const auto changes = writer->ackedChanges();
        acked.insert(acked.end(), changes.begin(), changes.end());
    }
    EXPECT_GT(acked.size(), 0u);
    EXPECT_NE(added.log().find("Bootstrap: loading"), std::string::npos) << added.log();
    EXPECT_GE(added.metric("sync_bootstrap_chunks_loaded"), 100) << "120,000 blocks span over 100 chunks";
    EXPECT_EQ(added.metric("sync_world_missing_messages"), 0);

    ASSERT_FALSE(agreedDigest(30s).empty()) << "four regions did not converge\n" << added.log();
    for (const auto& region : regions_) EXPECT_TRUE(region->hasAll(acked)) << region->id();
    const auto reference = chunksOf(*regions_.front());
    for (const auto& region : regions_) EXPECT_EQ(chunksOf(*region), reference) << region->id();
    EXPECT_GE(json::parse(httpGet(added.rest(), "/api/world/digest").body).at("blocks").as_int64(), 120000);
}

// A region whose data dir is wiped after the purge, killed -9 as soon as it starts loading checkpoints
// (the load may or may not have finished by then) and started again, converges the same way.
TEST_F(WorldCheckpoint, AWipedRegionKilledDuringItsBootstrapConverges) {
    writeWorld();
    ASSERT_FALSE(agreedDigest(60s).empty());
    auto& wiped = *regions_.back();
    wiped.kill9();
    fill(0, 2000, 2000, 10, 10, "wood");  // written while ap is down, before the purge
    ASSERT_TRUE(waitUntil([&] { return regions_[1]->blockType(2009, 2009) == "wood"; }, 20s));
    // Only eu and us write rounds now: wait for theirs.
    const auto last = JetStreamAdmin(nats_->url()).counts(kStream).lastSeq;
    ASSERT_TRUE(waitUntil(
        [&] { return regions_[0]->metric("sync_checkpoint_stream_seq") >= static_cast<double>(last); }, 30s));
    JetStreamAdmin(nats_->url()).purge(kStream);
    std::filesystem::remove_all(dir_.path() / wiped.id() / "data");

    wiped.start();
    ASSERT_TRUE(waitUntil([&] { return wiped.log().find("Bootstrap: loading") != std::string::npos; }, 20s))
        << wiped.log();
    wiped.kill9();
    wiped.start();
    ASSERT_TRUE(waitUntil([&] { return ready(wiped); }, 30s)) << wiped.log();
    ASSERT_FALSE(agreedDigest(30s).empty()) << wiped.log();
    EXPECT_EQ(wiped.blockType(2009, 2009), "wood");
    EXPECT_EQ(chunksOf(wiped), chunksOf(*regions_.front()));
}

// The world store deleted under running regions (an operator's `nats stream rm`): their next rounds create
// it again and write every chunk, so a region started after a purge still converges.
TEST_F(WorldCheckpoint, ADeletedStoreIsWrittenAgainWhole) {
    writeWorld();
    ASSERT_FALSE(agreedDigest(60s).empty());
    waitForCheckpointsCoveringTheStream();
    const double written = regions_[0]->metric("sync_checkpoint_chunks_written_total");
    const auto chunks =
        json::parse(httpGet(regions_[0]->rest(), "/api/world/chunks").body).at("chunks").as_array().size();
    JetStreamAdmin(nats_->url()).remove("GLOBAL_EVENTS_WORLD");
    // eu's next rounds see their record gone and write every chunk again.
    ASSERT_TRUE(waitUntil(
        [&] {
            return regions_[0]->metric("sync_checkpoint_chunks_written_total") >= written + double(chunks);
        },
        30s))
        << regions_[0]->log();
    EXPECT_NE(regions_[0]->log().find("writing every chunk again"), std::string::npos);
    waitForCheckpointsCoveringTheStream();
    JetStreamAdmin(nats_->url()).purge(kStream);
    regions_.push_back(
        std::make_unique<RegionNode>("sa-east-1", dir_.path(), nats_->url(), kFastCheckpoints));
    ASSERT_TRUE(waitUntil([&] { return ready(*regions_.back()); }, 30s)) << regions_.back()->log();
    ASSERT_FALSE(agreedDigest(30s).empty()) << regions_.back()->log();
}

}  // namespace
}  // namespace mmo::test
