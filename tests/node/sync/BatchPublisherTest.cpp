#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <mutex>
#include <vector>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"
#include "common/codec/SyncWire.hpp"
#include "common/eventbus/BusError.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/BatchPublisher.hpp"
#include "tests/node/sync/FakeJetStream.hpp"
#include "tests/node/sync/ManualSyncClock.hpp"

// The publisher's window, ordered acknowledgements, publish timeout, retry backoff and republish with the
// same message ids, against a fake JetStream and on a clock that moves only when the test says so: every
// timing below is exact and nothing waits in real time.
namespace mmo::sync {
namespace {

using namespace std::chrono_literals;

constexpr std::uint64_t kEpoch = 0x1234;

using test::FakeJetStream;

class BatchPublisherTest : public ::testing::Test {
  protected:
    BatchPublisherTest() {
        bus_.stream = "GLOBAL_EVENTS";
        bus_.regionId = "eu-west-1";
        bus_.publishTimeout = 5000ms;
        publisher_ = std::make_unique<BatchPublisher>(
            bus_, false, kEpoch, metrics_, logger_,
            [this](std::uint64_t seq) {
                std::lock_guard lock(ackMutex_);
                acked_.push_back(seq);
            },
            time_);
        publisher_->start();
    }
    ~BatchPublisherTest() override { publisher_->stop(); }

    void enqueue(std::uint64_t sequence) {
        auto batch = std::make_shared<SealedBatch>();
        batch->sequence = sequence;
        batch->changes.push_back({static_cast<std::int32_t>(sequence), 1, 1, 1'700'000'000'000ULL << 16, ""});
        publisher_->enqueue(std::move(batch));
    }
    std::vector<std::uint64_t> acked() {
        std::lock_guard lock(ackMutex_);
        return acked_;
    }
    static std::string id(std::uint64_t seq) { return codec::wire::batchMessageId("eu-west-1", kEpoch, seq); }

    test::ManualSyncClock time_;
    eventbus::BusSettings bus_;
    metrics::MetricsRegistry registry_;
    SyncMetrics metrics_{registry_};
    std::shared_ptr<spdlog::logger> logger_ =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    std::shared_ptr<FakeJetStream> js_ = std::make_shared<FakeJetStream>();
    std::mutex ackMutex_;
    std::vector<std::uint64_t> acked_;
    std::unique_ptr<BatchPublisher> publisher_;
};

// At most kPublishWindow batches await a PubAck; acknowledgements are reported strictly in batch order.
TEST_F(BatchPublisherTest, WindowOfEightAndAcksInOrder) {
    for (std::uint64_t seq = 1; seq <= 10; ++seq) enqueue(seq);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), codec::wire::kPublishWindow);
    EXPECT_EQ(js_->msgIds().front(), id(1));
    EXPECT_EQ(js_->header(0, codec::wire::kBatchSeqHeader), "1");
    EXPECT_EQ(js_->header(0, codec::wire::kOriginHeader), "eu-west-1");

    js_->ack(1, 101);  // batch 2 first: nothing may be reported before batch 1
    ASSERT_TRUE(time_.settle());
    EXPECT_TRUE(acked().empty());
    js_->ack(0, 100);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1, 2}));
    EXPECT_EQ(js_->taken(), 10u) << "two slots freed, batches 9 and 10 went out";
    EXPECT_EQ(publisher_->queuedBatches(), 8u);
    EXPECT_EQ(metrics_.publishedBatches.value(), 2);
}

// No PubAck within the publish timeout: everything in flight is taken back and, after the backoff,
// published again with the same message ids (JetStream then answers "duplicate" for what it stored).
TEST_F(BatchPublisherTest, MissingPubAckIsRepublishedWithTheSameIdAfterTimeoutAndBackoff) {
    enqueue(1);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 1u);

    ASSERT_TRUE(time_.advanceAndSettle(4999ms));
    EXPECT_EQ(js_->abandoned(), 0) << "gave up before the publish timeout";
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    EXPECT_EQ(js_->abandoned(), 1);
    EXPECT_EQ(metrics_.publishErrors.value(), 1);
    EXPECT_EQ(js_->taken(), 1u) << "republished before the backoff";

    ASSERT_TRUE(time_.advanceAndSettle(99ms));
    EXPECT_EQ(js_->taken(), 1u);
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    ASSERT_EQ(js_->taken(), 2u);
    EXPECT_EQ(js_->msgIds(), (std::vector<std::string>{id(1), id(1)}));

    js_->ack(0, 7);  // a late PubAck of the first copy: taken back, so it counts for nothing
    ASSERT_TRUE(time_.settle());
    EXPECT_TRUE(acked().empty());
    js_->ack(1, 7, true);  // the copy: JetStream had it already
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1}));
}

// While nats.c refuses every publish, the retries back off 100 ms, 200 ms, 400 ms, ... up to 2 s; the first
// success resets the backoff.
TEST_F(BatchPublisherTest, RefusedPublishesBackOffExponentially) {
    js_->refuse(true);
    enqueue(1);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(js_->attempts(), 1);
    const std::vector<std::pair<std::chrono::milliseconds, int>> schedule = {
        {99ms, 1}, {1ms, 2},    {199ms, 2}, {1ms, 3},    {399ms, 3}, {1ms, 4},   {799ms, 4},
        {1ms, 5},  {1599ms, 5}, {1ms, 6},   {1999ms, 6}, {1ms, 7},   {2000ms, 8}};
    for (const auto& [step, attempts] : schedule) {
        ASSERT_TRUE(time_.advanceAndSettle(step));
        EXPECT_EQ(js_->attempts(), attempts) << "after another " << step.count() << " ms";
    }
    js_->refuse(false);
    ASSERT_TRUE(time_.advanceAndSettle(2000ms));
    ASSERT_EQ(js_->taken(), 1u);
    js_->ack(0, 1);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1}));
    EXPECT_EQ(publisher_->queuedBatches(), 0u);
}

// A new connection (after a failover) replaces the one the batches in flight went out on: they are taken
// back from the old one and published again on the new one.
TEST_F(BatchPublisherTest, ReplacedConnectionRepublishesOnTheNewOne) {
    enqueue(1);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 1u);
    auto replacement = std::make_shared<FakeJetStream>();
    publisher_->attach(replacement);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(js_->abandoned(), 1);
    ASSERT_EQ(replacement->msgIds(), (std::vector<std::string>{id(1)})) << "not at once: no backoff";
    replacement->ack(0, 3);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1}));
}

// stop() with batches in flight takes them back and returns without reporting them: they stay in the outbox.
TEST_F(BatchPublisherTest, StopTakesBackWhatIsInFlight) {
    enqueue(1);
    enqueue(2);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    publisher_->stop();
    EXPECT_EQ(js_->abandoned(), 1);
    js_->ack(0, 1);
    EXPECT_TRUE(acked().empty());
    EXPECT_EQ(publisher_->queuedBatches(), 2u);
}

// A NATS reconnect ends a retry's backoff at once: the batch goes out again without waiting out the (up to
// 2 s) backoff, and the backoff starts again from 100 ms.
TEST_F(BatchPublisherTest, ReconnectEndsTheBackoffAtOnce) {
    js_->refuse(true);
    enqueue(1);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    for (const auto step : {100ms, 200ms, 400ms, 800ms, 1600ms}) ASSERT_TRUE(time_.advanceAndSettle(step));
    ASSERT_EQ(js_->attempts(), 6);
    ASSERT_TRUE(time_.advanceAndSettle(500ms));  // 500 ms into a 2 s backoff
    EXPECT_EQ(js_->attempts(), 6);
    publisher_->onReconnected();  // still refused: the retry goes at once and fails again
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(js_->attempts(), 7) << "the reconnect did not end the backoff";
    ASSERT_TRUE(time_.advanceAndSettle(99ms));
    EXPECT_EQ(js_->attempts(), 7);
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    EXPECT_EQ(js_->attempts(), 8) << "the backoff did not start again from 100 ms";

    ASSERT_TRUE(time_.advanceAndSettle(100ms));  // 9th attempt fails; now 400 ms of backoff
    js_->refuse(false);
    publisher_->onReconnected();
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 1u);
    js_->ack(0, 1);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1}));
}

// Batches sent before the link broke and still waiting for their PubAck (lost with the old socket) are
// published again, same ids, as soon as NATS reconnects: not after the rest of the 5 s PubAck timeout
// (issue 20 item 3). What JetStream stored already comes back as a duplicate.
TEST_F(BatchPublisherTest, InFlightBatchesArePublishedAgainAtOnceOnReconnect) {
    enqueue(1);
    enqueue(2);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 2u);
    ASSERT_TRUE(time_.advanceAndSettle(1000ms));
    publisher_->onReconnected();
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(js_->abandoned(), 1);
    ASSERT_EQ(js_->msgIds(), (std::vector<std::string>{id(1), id(2), id(1), id(2)}))
        << "the batches in flight waited for the PubAck timeout";
    js_->ack(2, 5, true);
    js_->ack(3, 6);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1, 2}));
    // A batch sent after the reconnect is not taken back by it.
    enqueue(3);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 5u);
    ASSERT_TRUE(time_.advanceAndSettle(4999ms));
    EXPECT_EQ(js_->taken(), 5u);
}

// A retry waits 1 s for its PubAck, then 2 s, 4 s, up to the publish timeout (issue 20 item 3: a retry
// lost in a restarting server does not hold the queue for 5 s); a PubAck brings back the full timeout.
TEST_F(BatchPublisherTest, RetriesWaitShorterForTheirPubAckUntilOneComes) {
    enqueue(1);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    ASSERT_TRUE(time_.advanceAndSettle(5000ms));
    ASSERT_EQ(js_->abandoned(), 1);
    ASSERT_TRUE(time_.advanceAndSettle(100ms));  // backoff
    ASSERT_EQ(js_->taken(), 2u);
    ASSERT_TRUE(time_.advanceAndSettle(999ms));
    EXPECT_EQ(js_->abandoned(), 1);
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    EXPECT_EQ(js_->abandoned(), 2) << "the first retry waited longer than 1 s";
    ASSERT_TRUE(time_.advanceAndSettle(200ms));
    ASSERT_EQ(js_->taken(), 3u);
    ASSERT_TRUE(time_.advanceAndSettle(1999ms));
    EXPECT_EQ(js_->abandoned(), 2);
    ASSERT_TRUE(time_.advanceAndSettle(1ms));
    EXPECT_EQ(js_->abandoned(), 3);
    ASSERT_TRUE(time_.advanceAndSettle(400ms));
    ASSERT_EQ(js_->taken(), 4u);
    js_->ack(3, 1);
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(acked(), (std::vector<std::uint64_t>{1}));
    enqueue(2);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 5u);
    ASSERT_TRUE(time_.advanceAndSettle(4999ms));
    EXPECT_EQ(js_->abandoned(), 3) << "after a PubAck the full timeout applies again";
}

// A reconnect while nothing is failing changes nothing, and is not kept for a later failure.
TEST_F(BatchPublisherTest, ReconnectWithoutAFailureIsNotKept) {
    publisher_->attach(js_);
    publisher_->onReconnected();
    enqueue(1);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 1u);
    js_->fail(0, "no responders");
    ASSERT_TRUE(time_.settle());
    EXPECT_EQ(js_->attempts(), 1) << "a stale reconnect skipped the backoff";
    ASSERT_TRUE(time_.advanceAndSettle(100ms));
    EXPECT_EQ(js_->attempts(), 2);
}

// The message as published: created_hlc is the newest change's hlc (docs/sync-wire-format.md section 3.1),
// and the Nats-Msg-Id is region, 16 lower-case hex digits of the epoch, decimal sequence.
TEST_F(BatchPublisherTest, PublishedBatchCarriesItsNewestChangeAsCreatedHlc) {
    using Hlc = codec::HybridLogicalClock;
    auto batch = std::make_shared<SealedBatch>();
    batch->sequence = 12;
    batch->changes = {{5, 5, 1, Hlc::pack(1'700'000'000'000, 3), ""},
                      {1, 9, 2, Hlc::pack(1'700'000'000'040, 1), ""},
                      {7, 0, 0, Hlc::pack(1'700'000'000'020, 0), ""}};
    publisher_->enqueue(batch);
    publisher_->attach(js_);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js_->taken(), 1u);
    EXPECT_EQ(js_->msgIds().front(), "eu-west-1-0000000000001234-12");
    codec::BatchCodec codec;
    const auto decoded = codec.decode(js_->payload(0));
    ASSERT_TRUE(decoded.ok()) << decoded.error().format();
    EXPECT_EQ(decoded.batch().created_hlc, Hlc::pack(1'700'000'000'040, 1));
}

// eventbus_published_bytes_total counts the whole message as published (14-byte frame header + payload,
// after gzip); eventbus_published_raw_bytes_total the message the same batch makes without gzip.
TEST_F(BatchPublisherTest, ByteCountersCountWholeMessagesHeaderIncluded) {
    metrics::MetricsRegistry registry;
    SyncMetrics metrics{registry};
    auto js = std::make_shared<FakeJetStream>();
    BatchPublisher gzipped(
        bus_, true, kEpoch, metrics, logger_, [](std::uint64_t) {}, time_);
    gzipped.start();
    auto batch = std::make_shared<SealedBatch>();
    batch->sequence = 1;
    for (int i = 0; i < 50; ++i)
        batch->changes.push_back({i, 3, 1, codec::HybridLogicalClock::pack(1'700'000'000'000 + i, 0), ""});
    gzipped.enqueue(batch);
    gzipped.attach(js);
    ASSERT_TRUE(time_.settle());
    ASSERT_EQ(js->taken(), 1u);
    js->ack(0, 1);
    ASSERT_TRUE(time_.settle());
    gzipped.stop();

    const auto message = js->payload(0);
    ASSERT_EQ(message[5], 1) << "not gzipped";
    codec::BatchCodec codec;
    const auto decoded = codec.decode(message);
    ASSERT_TRUE(decoded.ok());
    const auto plain = codec.encode(decoded.batch(), false);
    EXPECT_EQ(metrics.publishedBytes.value(), static_cast<double>(message.size()));
    EXPECT_EQ(metrics.publishedRawBytes.value(), static_cast<double>(plain.size()));
    const auto header = codec::BatchCodec::peekHeader(message);
    ASSERT_TRUE(header);
    EXPECT_EQ(metrics.publishedRawBytes.value(),
              static_cast<double>(codec::BatchCodec::kFrameHeaderSize + header->body_size));
}

}  // namespace
}  // namespace mmo::sync
