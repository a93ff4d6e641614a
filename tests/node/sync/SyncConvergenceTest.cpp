// Three regions in one process, each a full SyncService (world, outbox, publisher, consumer), syncing
// through a real nats-server started by the test.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <regex>

#include "common/codec/BatchCodec.hpp"
#include "common/config/NodeConfig.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/eventbus/PullConsumer.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/SyncService.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::sync {
namespace {

using namespace std::chrono_literals;

struct Region {
    std::unique_ptr<metrics::MetricsRegistry> registry = std::make_unique<metrics::MetricsRegistry>();
    std::unique_ptr<SyncService> service;
};

// The test's own record of an acknowledged write, to compute the LWW winner independently.
struct Write {
    std::uint64_t hlc;
    std::string region;
    std::uint16_t type;
};
bool later(const Write& a, const Write& b) {
    return std::tie(a.hlc, a.region, a.type) > std::tie(b.hlc, b.region, b.type);
}

class SyncConvergence : public ::testing::Test {
  protected:
    void SetUp() override {
        nats_ = std::make_unique<test::NatsServerProcess>(dir_.path() / "nats", dir_.path());
    }

    config::NodeConfig configFor(const std::string& region, bool gzip) {
        config::NodeConfig config;
        config.eventbus.url = nats_->url();
        config.eventbus.stream = "TEST_EVENTS";
        config.sync.region_id = region;
        config.sync.batch_size = 100;
        config.sync.flush_every_seconds = 0.05;
        config.sync.use_gzip_compression = gzip;
        config.storage.data_dir = (dir_.path() / region).string();
        return config;
    }
    Region& startRegion(const std::string& region, bool gzip = true,
                        const std::function<void(SyncService&)>& beforeStart = {}) {
        auto& r = regions_[region];
        r.service = std::make_unique<SyncService>(configFor(region, gzip), *r.registry, logger_);
        if (beforeStart) beforeStart(*r.service);
        r.service->start(true);
        return r;
    }
    // Submits writes to a region and returns the acknowledged result.
    SubmitResult write(const std::string& region, std::vector<BlockWrite> writes) {
        std::promise<SubmitResult> promise;
        auto future = promise.get_future();
        regions_[region].service->submit(std::move(writes), AckLevel::Durable,
                                         [&](SubmitResult r) { promise.set_value(std::move(r)); });
        return future.get();
    }
    bool digestsAgree() {
        std::string first;
        for (auto& [name, r] : regions_) {
            const auto digest = r.service->world().digestHex();
            if (first.empty()) first = digest;
            if (digest != first) return false;
        }
        return true;
    }
    bool allApplied(const std::map<std::pair<int, int>, Write>& expected) {
        for (auto& [name, r] : regions_)
            for (const auto& [cell, winner] : expected) {
                const auto state = r.service->world().get(cell.first, cell.second);
                if (state.hlc != winner.hlc || state.origin != winner.region) return false;
            }
        return true;
    }

    test::TempDir dir_{"sync-convergence"};
    std::unique_ptr<test::NatsServerProcess> nats_;
    std::shared_ptr<spdlog::logger> logger_ =
        std::make_shared<spdlog::logger>("sync", std::make_shared<spdlog::sinks::null_sink_mt>());
    std::map<std::string, Region> regions_;
};

// 10,000 random changes over three regions, over 10% of them concurrent writes to the same blocks from
// different regions: every region ends with the same digest and every block holds the LWW winner.
TEST_F(SyncConvergence, ThreeRegionsConvergeToLwwWinners) {
    const std::vector<std::string> names{"eu-west-1", "us-east-1", "ap-south-1"};
    for (const auto& name : names) startRegion(name);
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> coord(-200, 200);
    std::uniform_int_distribution<int> type(0, 6);
    std::map<std::pair<int, int>, Write> expected;
    auto record = [&](int x, int y, const Write& w) {
        auto [it, inserted] = expected.try_emplace({x, y}, w);
        if (!inserted && later(w, it->second)) it->second = w;
    };
    int total = 0, contested = 0;
    for (int iteration = 0; total < 10000; ++iteration) {
        if (iteration % 3 == 0) {
            // The same block from all three regions at nearly the same time.
            const int x = coord(rng), y = coord(rng);
            for (const auto& name : names) {
                const auto t = static_cast<std::uint16_t>(type(rng));
                const auto result = write(name, {{x, y, t}});
                ASSERT_TRUE(result.ok) << result.error;
                record(x, y, Write{result.hlcs[0], name, t});
            }
            total += 3;
            contested += 3;
        } else {
            const auto& name = names[static_cast<std::size_t>(total) % names.size()];
            std::vector<BlockWrite> writes;
            for (int i = 0; i < 10; ++i)
                writes.push_back({coord(rng), coord(rng), static_cast<std::uint16_t>(type(rng))});
            const auto result = write(name, writes);
            ASSERT_TRUE(result.ok) << result.error;
            for (std::size_t i = 0; i < writes.size(); ++i)
                record(writes[i].x, writes[i].y, Write{result.hlcs[i], name, writes[i].type});
            total += 10;
        }
    }
    EXPECT_GE(contested * 10, total);
    ASSERT_TRUE(test::waitUntil([&] { return allApplied(expected) && digestsAgree(); }, 60s))
        << "regions did not converge";
    for (auto& [name, r] : regions_)
        EXPECT_EQ(r.registry->counter("eventbus_decode_errors_total", "").get().value(), 0) << name;
}

// A gzip region and a plain region sync with each other.
TEST_F(SyncConvergence, GzipAndPlainRegionsInteroperate) {
    startRegion("eu-west-1", true);
    startRegion("us-east-1", false);
    const auto a = write("eu-west-1", {{1, 2, 1}});
    const auto b = write("us-east-1", {{3, 4, 2}});
    ASSERT_TRUE(a.ok && b.ok);
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return regions_["us-east-1"].service->world().get(1, 2).type == 1 &&
                   regions_["eu-west-1"].service->world().get(3, 4).type == 2 && digestsAgree();
        },
        20s));
}

// The batches on the stream, as a third-party reader sees them (docs/sync-wire-format.md, docs/sync.md):
// created_hlc is the newest change's hlc, the Nats-Msg-Id is "<origin>-<16 lower-case hex>-<decimal
// sequence>" and Mmo-Batch-Seq / Mmo-Changes / Mmo-Origin repeat the body's sequence, count and origin.
TEST_F(SyncConvergence, BatchesOnTheStreamMatchTheDocumentedFields) {
    startRegion("eu-west-1", true);
    startRegion("us-east-1", false);
    // Each write waits for its batch's PubAck, so every region publishes several batches.
    const auto published = [&](const std::string& region, std::vector<BlockWrite> writes) {
        std::promise<SubmitResult> promise;
        auto future = promise.get_future();
        regions_[region].service->submit(std::move(writes), AckLevel::Published,
                                         [&](SubmitResult r) { promise.set_value(std::move(r)); });
        return future.get().ok;
    };
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(published("eu-west-1", {{i, 1, 1}, {-i, 2, 2}}));
        ASSERT_TRUE(published("us-east-1", {{i, 3, 4}}));
    }
    ASSERT_TRUE(test::waitUntil(
        [&] { return digestsAgree() && regions_["us-east-1"].service->world().get(3, 1).type == 1; }, 20s));

    eventbus::BusSettings reader;
    reader.servers = {nats_->url()};
    reader.stream = "TEST_EVENTS";
    reader.regionId = "doc-reader";
    eventbus::NatsConnection connection(reader, logger_, nullptr);
    eventbus::PullConsumer consumer(connection, reader, 0, *logger_);
    codec::BatchCodec codec;
    std::map<std::string, int> batches;
    for (auto messages = consumer.fetch(256, 2s); !messages.empty(); messages = consumer.fetch(256, 500ms)) {
        for (auto& message : messages) {
            const auto decoded = codec.decode(message.data());
            ASSERT_TRUE(decoded.ok()) << decoded.error().format();
            const auto& batch = decoded.batch();
            std::uint64_t newest = 0;
            for (const auto& change : batch.changes) newest = std::max(newest, change.hlc);
            EXPECT_EQ(batch.created_hlc, newest) << batch.origin << " batch " << batch.sequence;
            const auto id = message.header("Nats-Msg-Id").value_or("");
            EXPECT_TRUE(std::regex_match(
                id, std::regex(batch.origin + "-[0-9a-f]{16}-" + std::to_string(batch.sequence))))
                << id;
            EXPECT_EQ(message.header("Mmo-Batch-Seq").value_or(""), std::to_string(batch.sequence));
            EXPECT_EQ(message.header("Mmo-Changes").value_or(""), std::to_string(batch.changes.size()));
            EXPECT_EQ(message.header("Mmo-Origin").value_or(""), batch.origin);
            ++batches[batch.origin];
            message.ack();
        }
    }
    EXPECT_GE(batches["eu-west-1"], 2);
    EXPECT_GE(batches["us-east-1"], 2);
}

// A region restarted from its data dir resumes where it was and receives what it missed meanwhile.
TEST_F(SyncConvergence, RestartedRegionCatchesUp) {
    startRegion("eu-west-1");
    startRegion("us-east-1");
    ASSERT_TRUE(write("eu-west-1", {{10, 10, 1}}).ok);
    ASSERT_TRUE(
        test::waitUntil([&] { return regions_["us-east-1"].service->world().get(10, 10).type == 1; }, 20s));
    regions_["us-east-1"].service->stop();
    regions_["us-east-1"].service.reset();
    ASSERT_TRUE(write("eu-west-1", {{11, 11, 2}}).ok);
    startRegion("us-east-1");
    ASSERT_TRUE(test::waitUntil(
        [&] { return regions_["us-east-1"].service->world().get(11, 11).type == 2 && digestsAgree(); }, 20s));
    EXPECT_EQ(regions_["us-east-1"].service->world().get(10, 10).type, 1);
}

// While NATS is down a region keeps acknowledging writes; when NATS is back they all arrive elsewhere.
TEST_F(SyncConvergence, NatsOutageLosesNothing) {
    startRegion("eu-west-1");
    startRegion("us-east-1");
    ASSERT_TRUE(write("eu-west-1", {{0, 0, 1}}).ok);
    ASSERT_TRUE(test::waitUntil(
        [&] { return digestsAgree() && regions_["us-east-1"].service->world().get(0, 0).type == 1; }, 20s));
    nats_->stop();
    std::vector<BlockWrite> during;
    for (int i = 1; i <= 300; ++i) during.push_back({i, -i, 3});
    for (std::size_t i = 0; i < during.size(); i += 30)
        ASSERT_TRUE(
            write("eu-west-1", std::vector<BlockWrite>(during.begin() + i, during.begin() + i + 30)).ok);
    EXPECT_GT(regions_["eu-west-1"].service->status().unpublishedChanges, 0u);
    nats_->restart();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            for (const auto& w : during)
                if (regions_["us-east-1"].service->world().get(w.x, w.y).type != 3) return false;
            return digestsAgree();
        },
        60s));
}

// Observers hear about local and remote changes that took effect, with their origin region.
TEST_F(SyncConvergence, ObserversSeeAppliedChanges) {
    std::mutex mutex;
    std::vector<codec::BlockChange> seenInUs;
    startRegion("eu-west-1");
    startRegion("us-east-1", true, [&](SyncService& s) {
        s.setAppliedObserver([&](const std::vector<codec::BlockChange>& applied) {
            std::lock_guard lock(mutex);
            seenInUs.insert(seenInUs.end(), applied.begin(), applied.end());
        });
    });
    ASSERT_TRUE(write("eu-west-1", {{40, 41, 2}}).ok);
    ASSERT_TRUE(write("us-east-1", {{42, 43, 3}}).ok);
    ASSERT_TRUE(test::waitUntil(
        [&] {
            std::lock_guard lock(mutex);
            return seenInUs.size() >= 2;
        },
        20s));
    std::lock_guard lock(mutex);
    std::map<std::string, codec::BlockChange> byOrigin;
    for (const auto& c : seenInUs) byOrigin[c.origin] = c;
    EXPECT_EQ(byOrigin.at("eu-west-1").x, 40);
    EXPECT_EQ(byOrigin.at("us-east-1").x, 42);
}

// A chat line said in one region reaches every region, its own included, with its origin.
TEST_F(SyncConvergence, ChatReachesEveryRegion) {
    std::mutex mutex;
    std::map<std::string, std::vector<ChatMessage>> heard;
    for (const auto* name : {"eu-west-1", "us-east-1", "ap-south-1"})
        startRegion(name, true, [&, name = std::string(name)](SyncService& s) {
            s.chat().setListener([&, name](const ChatMessage& m) {
                std::lock_guard lock(mutex);
                heard[name].push_back(m);
            });
        });
    ASSERT_TRUE(
        test::waitUntil([&] { return regions_["us-east-1"].service->chat().say("alice", "hello"); }, 10s));
    ASSERT_TRUE(test::waitUntil(
        [&] {
            std::lock_guard lock(mutex);
            return heard["eu-west-1"].size() == 1 && heard["ap-south-1"].size() == 1 &&
                   heard["us-east-1"].size() == 1;
        },
        10s));
    std::lock_guard lock(mutex);
    EXPECT_EQ(heard["ap-south-1"][0].origin, "us-east-1");
    EXPECT_EQ(heard["ap-south-1"][0].from, "alice");
    EXPECT_EQ(heard["ap-south-1"][0].text, "hello");
}

}  // namespace
}  // namespace mmo::sync
