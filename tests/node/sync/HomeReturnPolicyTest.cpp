// When a node moves back to its home server after a failover (docs/sync.md, "Coming home after a
// failover"): healthy long enough, any failed probe starts the count again, a flapping server makes the
// node wait longer.
#include <gtest/gtest.h>

#include "common/eventbus/BusSettings.hpp"
#include "node/sync/HomeReturnPolicy.hpp"

namespace mmo::sync {
namespace {

using namespace std::chrono_literals;

TEST(HomeReturnPolicy, MovesOnlyAfterTheServerWasHealthyForTheWholeTime) {
    HomeReturnPolicy policy(20s);
    EXPECT_EQ(policy.checkInterval(), 5s);
    const SyncClock::time_point t0{};
    EXPECT_FALSE(policy.observe(true, t0));
    EXPECT_FALSE(policy.observe(true, t0 + 15s));
    EXPECT_FALSE(policy.observe(false, t0 + 19s));  // a failed probe starts the count again
    EXPECT_FALSE(policy.observe(true, t0 + 20s));
    EXPECT_FALSE(policy.observe(true, t0 + 39s));
    EXPECT_TRUE(policy.observe(true, t0 + 40s));
}

TEST(HomeReturnPolicy, AFlappingServerDoublesTheWaitUpToEightTimes) {
    HomeReturnPolicy policy(10s);
    SyncClock::time_point now{};
    policy.away(now);  // the first failover
    EXPECT_EQ(policy.required(), 10s);
    policy.returned(now += 20s);
    policy.away(now += 1min);  // home failed again within the flap window
    policy.away(now + 10s);    // the same absence: counted once
    EXPECT_EQ(policy.required(), 20s);
    for (int i = 0; i < 3; ++i) {
        policy.returned(now += 30s);
        policy.away(now += 1min);
    }
    EXPECT_EQ(policy.required(), 80s);
    EXPECT_FALSE(policy.observe(true, now));
    EXPECT_FALSE(policy.observe(true, now + 79s));
    EXPECT_TRUE(policy.observe(true, now + 80s));
    policy.returned(now += 80s);
    policy.away(now += 10min);  // calm for longer than the window: back to the setting
    EXPECT_EQ(policy.required(), 10s);
}

TEST(HomeReturnPolicy, ProbesAQuarterOfTheTimeBetweenBounds) {
    EXPECT_EQ(HomeReturnPolicy(2s).checkInterval(), 500ms);
    EXPECT_EQ(HomeReturnPolicy(std::chrono::seconds(0)).checkInterval(), 250ms);
    EXPECT_EQ(HomeReturnPolicy(3600s).checkInterval(), 5s);
}

TEST(SameServer, ComparesHostAndPortOnly) {
    EXPECT_TRUE(eventbus::sameServer("nats://127.0.0.1:4222", "nats://127.0.0.1:4222"));
    EXPECT_TRUE(eventbus::sameServer("nats://user:pw@NATS-EU:4222", "nats://nats-eu"));
    EXPECT_TRUE(eventbus::sameServer("tls://[::1]:4222", "nats://[::1]"));
    EXPECT_FALSE(eventbus::sameServer("nats://127.0.0.1:4222", "nats://127.0.0.1:4223"));
    EXPECT_FALSE(eventbus::sameServer("", "nats://127.0.0.1:4222"));
}

}  // namespace
}  // namespace mmo::sync
