#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/BatchPublisher.hpp"
#include "node/sync/BusLink.hpp"
#include "tests/node/sync/ManualSyncClock.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

// The link to NATS when NATS is down at start: the retry thread's backoff (100 ms doubling to 5 s) runs on
// the injected clock, so the test knows exactly when each attempt is due; the attempts themselves go to a
// real nats-server's address (refused while it is stopped, accepted once it runs again).
namespace mmo::sync {
namespace {

using namespace std::chrono_literals;

TEST(BusLink, ReconnectsOnTheBackoffScheduleOnceNatsIsBack) {
    test::TempDir dir("buslink");
    test::NatsServerProcess nats(dir.path() / "nats", dir.path());
    const std::string url = nats.url();
    nats.stop();

    eventbus::BusSettings bus;
    bus.servers = {url};
    bus.stream = "BUSLINK_TEST";
    bus.regionId = "eu-west-1";
    metrics::MetricsRegistry registry;
    SyncMetrics metrics(registry);
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    test::ManualSyncClock time;
    std::atomic<int> ready{0};
    BusLink link(
        bus, metrics, logger, [&](auto) { ++ready; }, time);

    ASSERT_TRUE(link.tryOnce().has_value()) << "connected to a stopped server";
    link.retryInBackground();
    ASSERT_TRUE(time.settle());                 // the retry thread waits for its first backoff, from time 0
    ASSERT_TRUE(time.advanceAndSettle(100ms));  // attempt 1, refused; the next one is due 200 ms later
    EXPECT_FALSE(link.connected());

    nats.restart();
    ASSERT_TRUE(time.advanceAndSettle(199ms));
    EXPECT_EQ(ready.load(), 0) << "retried before the backoff";
    EXPECT_FALSE(link.connected());
    ASSERT_TRUE(time.advanceAndSettle(1ms));  // attempt 2, at 300 ms: NATS is back
    EXPECT_EQ(ready.load(), 1);
    EXPECT_TRUE(link.connected());
    EXPECT_EQ(metrics.connected.value(), 1);

    ASSERT_TRUE(time.advanceAndSettle(10s));
    EXPECT_EQ(ready.load(), 1) << "the retry thread ends with the first success";
    link.stop();
}

// A batch whose publish failed while NATS was down waits out a retry backoff; when nats.c reconnects, the
// link tells the publisher and the batch goes at once. The publisher's clock is frozen (manual, never
// advanced after the failure), so without that wake-up the batch would never be published: no timing
// assumption, only a bounded wait for the real nats-server.
TEST(BusLink, ReconnectWakesThePublisherOutOfItsBackoff) {
    test::TempDir dir("buslink-wake");
    test::NatsServerProcess nats(dir.path() / "nats", dir.path());

    eventbus::BusSettings bus;
    bus.servers = {nats.url()};
    bus.stream = "BUSLINK_WAKE";
    bus.regionId = "eu-west-1";
    bus.publishTimeout = 5000ms;
    metrics::MetricsRegistry registry;
    SyncMetrics metrics(registry);
    auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
    test::ManualSyncClock time;
    std::mutex ackMutex;
    std::vector<std::uint64_t> acked;
    // As in SyncService: the publisher goes first, the link (which owns the connection's callbacks) last.
    auto publisher = std::make_unique<BatchPublisher>(
        bus, false, 0x1234, metrics, logger,
        [&](std::uint64_t seq) {
            std::lock_guard lock(ackMutex);
            acked.push_back(seq);
        },
        time);
    publisher->start();
    auto link = std::make_unique<BusLink>(
        bus, metrics, logger, [&](auto connection) { publisher->attach(std::move(connection)); }, time,
        [&] { publisher->onReconnected(); });
    struct StopBoth {  // also when an assertion ends the test early
        std::unique_ptr<BatchPublisher>& publisher;
        std::unique_ptr<BusLink>& link;
        ~StopBoth() {
            publisher.reset();
            link.reset();
        }
    } stopBoth{publisher, link};
    ASSERT_FALSE(link->tryOnce().has_value()) << "could not reach the test's nats-server";

    nats.stop();
    ASSERT_TRUE(test::waitUntil([&] { return !link->connected(); }, 10s)) << "the loss went unnoticed";
    auto batch = std::make_shared<SealedBatch>();
    batch->sequence = 1;
    batch->changes.push_back({100, 50, 1, codec::HybridLogicalClock::pack(1'700'000'000'100, 0), ""});
    publisher->enqueue(batch);
    ASSERT_TRUE(time.settle());
    // Refused at once, or taken into nats.c's reconnect buffer and failed by the publish timeout: either way
    // the publisher is now in its backoff, which the frozen clock never ends.
    if (metrics.publishErrors.value() == 0) ASSERT_TRUE(time.advanceAndSettle(5000ms));
    ASSERT_EQ(metrics.publishErrors.value(), 1);

    nats.restart();
    EXPECT_TRUE(test::waitUntil(
        [&] {
            std::lock_guard lock(ackMutex);
            return !acked.empty();
        },
        20s))
        << "the batch was not published after the reconnect (link connected: " << link->connected() << ")";
    EXPECT_EQ(metrics.publishedBatches.value(), 1);
}

}  // namespace
}  // namespace mmo::sync
