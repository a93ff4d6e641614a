#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <atomic>

#include "common/metrics/MetricsRegistry.hpp"
#include "node/sync/BusLink.hpp"
#include "tests/node/sync/ManualSyncClock.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/TempDir.hpp"

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

}  // namespace
}  // namespace mmo::sync
