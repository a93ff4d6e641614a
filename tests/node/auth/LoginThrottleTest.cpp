#include <gtest/gtest.h>

#include "node/auth/LoginThrottle.hpp"

namespace mmo::auth {
namespace {

using std::chrono::seconds;
using TimePoint = LoginThrottle::TimePoint;

const TimePoint kStart{seconds{1'700'000'000}};

LoginThrottle throttle(std::size_t maxAddresses = 100) {
    return LoginThrottle(5, seconds{60}, seconds{60}, maxAddresses);
}

void fail(LoginThrottle& t, const std::string& address, int times, TimePoint at) {
    for (int i = 0; i < times; ++i) t.recordFailure(address, at);
}

// An address never seen is allowed.
TEST(LoginThrottleTest, UnknownAddressIsAllowed) {
    auto t = throttle();
    EXPECT_TRUE(t.check("10.0.0.1", kStart).allowed);
}

// Four failures still allow; the fifth locks the address for the whole lockout.
TEST(LoginThrottleTest, LocksAfterMaxFailures) {
    auto t = throttle();
    fail(t, "10.0.0.1", 4, kStart);
    EXPECT_TRUE(t.check("10.0.0.1", kStart).allowed);
    t.recordFailure("10.0.0.1", kStart);
    const auto decision = t.check("10.0.0.1", kStart);
    EXPECT_FALSE(decision.allowed);
    EXPECT_EQ(decision.retry_after, seconds{60});
}

// retry_after counts down and the lock lifts exactly when the lockout ends.
TEST(LoginThrottleTest, UnlocksAfterLockout) {
    auto t = throttle();
    fail(t, "10.0.0.1", 5, kStart);
    EXPECT_EQ(t.check("10.0.0.1", kStart + seconds{45}).retry_after, seconds{15});
    EXPECT_FALSE(t.check("10.0.0.1", kStart + seconds{59}).allowed);
    EXPECT_TRUE(t.check("10.0.0.1", kStart + seconds{60}).allowed);
}

// After the lockout the address starts again from zero failures.
TEST(LoginThrottleTest, CountRestartsAfterLockout) {
    auto t = throttle();
    fail(t, "10.0.0.1", 5, kStart);
    fail(t, "10.0.0.1", 4, kStart + seconds{61});
    EXPECT_TRUE(t.check("10.0.0.1", kStart + seconds{61}).allowed);
}

// Failures older than the window do not count (sliding window).
TEST(LoginThrottleTest, OldFailuresSlideOutOfTheWindow) {
    auto t = throttle();
    fail(t, "10.0.0.1", 4, kStart);
    t.recordFailure("10.0.0.1", kStart + seconds{60});
    EXPECT_TRUE(t.check("10.0.0.1", kStart + seconds{60}).allowed);
}

// A success forgets the address's failures.
TEST(LoginThrottleTest, SuccessResets) {
    auto t = throttle();
    fail(t, "10.0.0.1", 4, kStart);
    t.recordSuccess("10.0.0.1");
    fail(t, "10.0.0.1", 4, kStart);
    EXPECT_TRUE(t.check("10.0.0.1", kStart).allowed);
    EXPECT_EQ(t.trackedAddresses(), 1u);
}

// One address's lockout does not affect another.
TEST(LoginThrottleTest, AddressesAreIndependent) {
    auto t = throttle();
    fail(t, "10.0.0.1", 5, kStart);
    EXPECT_FALSE(t.check("10.0.0.1", kStart).allowed);
    EXPECT_TRUE(t.check("10.0.0.2", kStart).allowed);
}

// No more than maxAddresses are tracked; the least recently seen is forgotten first.
TEST(LoginThrottleTest, MemoryIsBounded) {
    auto t = throttle(3);
    fail(t, "a", 5, kStart);
    fail(t, "b", 1, kStart);
    fail(t, "c", 1, kStart);
    t.recordFailure("a", kStart);  // "a" is now the most recently seen
    for (int i = 0; i < 1000; ++i) t.recordFailure("x" + std::to_string(i % 2), kStart);
    EXPECT_EQ(t.trackedAddresses(), 3u);
    EXPECT_FALSE(t.check("a", kStart).allowed);
    EXPECT_TRUE(t.check("b", kStart).allowed);
}

// A bound of thousands of distinct addresses holds.
TEST(LoginThrottleTest, ManyDistinctAddressesStayBounded) {
    auto t = throttle(10000);
    for (int i = 0; i < 25000; ++i) t.recordFailure("10." + std::to_string(i), kStart);
    EXPECT_EQ(t.trackedAddresses(), 10000u);
}

// Zero limits are refused.
TEST(LoginThrottleTest, ZeroLimitsAreRefused) {
    EXPECT_THROW(LoginThrottle(0, seconds{60}, seconds{60}, 10), std::invalid_argument);
    EXPECT_THROW(LoginThrottle(5, seconds{60}, seconds{60}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace mmo::auth
