// The worked example of docs/sync-wire-format.md section 8.1, a batch sealed by the flush timer, produced by
// the node's own code: SyncManager batches and seals it on its (manual) clock, BatchPublisher encodes and
// publishes it (to a fake JetStream that records the message). The bytes and headers are read from the page.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <stdlib.h>

#include <filesystem>
#include <future>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/SyncWire.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/BatchPublisher.hpp"
#include "node/sync/SyncManager.hpp"
#include "tests/common/codec/DocHexBlocks.hpp"
#include "tests/node/sync/FakeJetStream.hpp"
#include "tests/node/sync/ManualSyncClock.hpp"

namespace mmo::sync {
namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kT = 1'764'216'000'000;  // 2025-11-27T04:00:00Z, the first change
constexpr std::uint64_t kEpoch = 0x00c0ffee12345abcULL;

class TimerSealedExample : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "timer-example-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        settings_.regionId = "us-east-1";
        settings_.dataDir = dir_;
        settings_.batchSize = 100;
        settings_.flushEvery = 3s;
        settings_.shutdownDrainTimeout = 100ms;
        bus_.stream = "GLOBAL_EVENTS";
        bus_.regionId = "us-east-1";
        outbox_ = std::make_unique<Outbox>(dir_, logger_);
        publisher_ = std::make_unique<BatchPublisher>(
            bus_, false, kEpoch, metrics_, logger_, [this](std::uint64_t seq) { manager_->onPublished(seq); },
            time_);
        manager_ = std::make_unique<SyncManager>(
            settings_, world_, clock_, *outbox_, metrics_, logger_,
            [this](auto batch) { publisher_->enqueue(std::move(batch)); }, time_);
        publisher_->attach(js_);
        publisher_->start();
        manager_->recover(outbox_->takeRecovered());
        manager_->start();
    }
    void TearDown() override {
        publisher_->stop();  // no acknowledgement reaches the manager while it is being destroyed
        manager_.reset();
        publisher_.reset();
        outbox_.reset();
        std::filesystem::remove_all(dir_);
    }
    // Submits at wall-clock ms `ms` and waits for the durable acknowledgement.
    void submitAt(std::uint64_t ms, std::vector<BlockWrite> writes) {
        fakeMs_ = ms;
        std::promise<SubmitResult> done;
        auto future = done.get_future();
        manager_->submit(std::move(writes), AckLevel::Durable, [&](SubmitResult r) { done.set_value(r); });
        ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
        ASSERT_TRUE(future.get().ok);
    }

    std::filesystem::path dir_;
    test::ManualSyncClock time_;
    SyncSettings settings_;
    eventbus::BusSettings bus_;
    std::shared_ptr<spdlog::logger> logger_ =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    world::World world_;
    std::atomic<std::uint64_t> fakeMs_{kT};
    codec::HybridLogicalClock clock_{[this] { return fakeMs_.load(); }};
    metrics::MetricsRegistry registry_;
    SyncMetrics metrics_{registry_};
    std::shared_ptr<test::FakeJetStream> js_ = std::make_shared<test::FakeJetStream>();
    std::unique_ptr<Outbox> outbox_;
    std::unique_ptr<BatchPublisher> publisher_;
    std::unique_ptr<SyncManager> manager_;
};

// The story of section 8.1: four writes within 1.9 s, batch_size 100, flush_every_seconds 3; nothing is
// sealed before 3 s after the first write, then the timer seals one batch, and the message the publisher
// sends is byte for byte the page's, headers included. created_hlc is the newest change's hlc, 1.1 s before
// the seal.
TEST_F(TimerSealedExample, MatchesTheDocumentedMessage) {
    submitAt(kT, {{10, -4, 2}});  // dirt
    ASSERT_TRUE(time_.advanceAndSettle(700ms));
    submitAt(kT + 700, {{12, -4, 6}});  // wood
    ASSERT_TRUE(time_.advanceAndSettle(1200ms));
    submitAt(kT + 1900, {{-2, 7, 1}, {11, -4, 4}});  // stone, then sand in the same millisecond
    ASSERT_TRUE(time_.advanceAndSettle(1099ms));
    EXPECT_EQ(js_->taken(), 0u) << "sealed before flush_every_seconds";
    fakeMs_ = kT + 3000;
    ASSERT_TRUE(time_.advanceAndSettle(1ms));  // the sync thread seals and hands the batch over...
    ASSERT_TRUE(time_.settle());               // ...then the publisher thread sends it
    ASSERT_EQ(js_->taken(), 1u) << "the timer did not seal the batch";
    EXPECT_EQ(metrics_.flushes.labels({"timer"}).value(), 1);
    EXPECT_EQ(metrics_.flushes.labels({"size"}).value(), 0);

    const auto message = js_->payload(0);
    std::printf("timer-sealed: %s\n", testdoc::hexOf(message).c_str());
    const auto blocks = testdoc::codeBlocksOf(testdoc::readDoc("docs/sync-wire-format.md"),
                                              "### 8.1 A batch sealed by the flush timer");
    ASSERT_GE(blocks.size(), 2u) << "section 8.1 lost its headers or its bytes";
    std::string headers = "Nats-Msg-Id: " + js_->msgIds().front();
    for (const auto& name : {codec::wire::kOriginHeader, codec::wire::kEncodingHeader,
                             codec::wire::kChangesHeader, codec::wire::kBatchSeqHeader})
        headers += std::string(" ") + name + ": " + js_->header(0, name);
    EXPECT_EQ(headers, blocks[0]);
    EXPECT_EQ(testdoc::hexOf(message), blocks[1]);

    codec::BatchCodec codec;
    const auto decoded = codec.decode(message);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded.batch().created_hlc, codec::HybridLogicalClock::pack(kT + 1900, 1));
    EXPECT_EQ(decoded.batch().changes.size(), 4u);
    js_->ack(0, 1);
    ASSERT_TRUE(time_.settle());  // the publisher reports it...
    ASSERT_TRUE(time_.settle());  // ...and the sync thread records it
    EXPECT_EQ(manager_->lastPublishedSeq(), 1u);
}

}  // namespace
}  // namespace mmo::sync
