#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "common/codec/HybridLogicalClock.hpp"

namespace mmo::codec {
namespace {

using Hlc = HybridLogicalClock;

// A hand-driven wall clock.
struct FakeClock {
    std::atomic<std::uint64_t> ms{1'700'000'000'000};
    Hlc::PhysicalClock fn() {
        return [this] { return ms.load(); };
    }
};

// With the wall clock moving forward, now() takes its time and a zero counter.
TEST(HybridLogicalClock, FollowsAdvancingWallClock) {
    FakeClock wall;
    Hlc clock(wall.fn());
    EXPECT_EQ(clock.now(), Hlc::pack(wall.ms, 0));
    wall.ms += 5;
    EXPECT_EQ(clock.now(), Hlc::pack(wall.ms, 0));
}

// A frozen wall clock still gives strictly increasing timestamps through the logical counter.
TEST(HybridLogicalClock, FrozenClockIncrementsCounter) {
    FakeClock wall;
    Hlc clock(wall.fn());
    std::uint64_t previous = clock.now();
    for (int i = 1; i < 1000; ++i) {
        const std::uint64_t next = clock.now();
        EXPECT_GT(next, previous);
        EXPECT_EQ(Hlc::physicalOf(next), wall.ms.load());
        EXPECT_EQ(Hlc::logicalOf(next), static_cast<std::uint64_t>(i));
        previous = next;
    }
}

// A wall clock stepping back does not make timestamps go back.
TEST(HybridLogicalClock, BackwardsClockStaysMonotonic) {
    FakeClock wall;
    Hlc clock(wall.fn());
    const std::uint64_t before = clock.now();
    wall.ms -= 60'000;
    const std::uint64_t after = clock.now();
    EXPECT_GT(after, before);
    EXPECT_EQ(Hlc::physicalOf(after), Hlc::physicalOf(before));
}

// A remote timestamp ahead of the local clock pulls it forward: remote counter + 1.
TEST(HybridLogicalClock, ObserveAheadTakesRemoteTime) {
    FakeClock wall;
    Hlc clock(wall.fn());
    const std::uint64_t remote = Hlc::pack(wall.ms + 10'000, 7);
    const std::uint64_t seen = clock.observe(remote);
    EXPECT_EQ(seen, Hlc::pack(wall.ms + 10'000, 8));
    EXPECT_GT(clock.now(), remote);
}

// A remote timestamp behind the local clock only bumps the local counter.
TEST(HybridLogicalClock, ObserveBehindKeepsLocalTime) {
    FakeClock wall;
    Hlc clock(wall.fn());
    const std::uint64_t local = clock.now();
    const std::uint64_t seen = clock.observe(Hlc::pack(wall.ms - 500, 3));
    EXPECT_EQ(seen, local + 1);
}

// Remote and local at the same physical time: the counter goes past both counters.
TEST(HybridLogicalClock, ObserveEqualTimeTakesMaxCounter) {
    FakeClock wall;
    Hlc clock(wall.fn());
    clock.now();
    EXPECT_EQ(clock.observe(Hlc::pack(wall.ms, 40)), Hlc::pack(wall.ms, 41));
}

// When the wall clock catches up past everything seen, the counter resets to zero.
TEST(HybridLogicalClock, CounterResetsWhenWallClockPasses) {
    FakeClock wall;
    Hlc clock(wall.fn());
    clock.observe(Hlc::pack(wall.ms + 3, 9));
    wall.ms += 4;
    EXPECT_EQ(clock.now(), Hlc::pack(wall.ms, 0));
}

// 65536 events within one frozen millisecond carry into the next millisecond instead of wrapping.
TEST(HybridLogicalClock, CounterOverflowCarriesIntoPhysical) {
    FakeClock wall;
    Hlc clock(wall.fn(), Hlc::pack(wall.ms, Hlc::kMaxLogical - 1));
    const std::uint64_t a = clock.now();
    const std::uint64_t b = clock.now();
    EXPECT_EQ(a, Hlc::pack(wall.ms, Hlc::kMaxLogical));
    EXPECT_EQ(b, Hlc::pack(wall.ms + 1, 0));
}

// A clock started from a persisted timestamp never issues one at or below it.
TEST(HybridLogicalClock, StartsAboveInitialValue) {
    FakeClock wall;
    const std::uint64_t persisted = Hlc::pack(wall.ms + 100, 5);
    Hlc clock(wall.fn(), persisted);
    EXPECT_GT(clock.now(), persisted);
}

// Concurrent callers never get the same timestamp.
TEST(HybridLogicalClock, ConcurrentCallsAreUnique) {
    FakeClock wall;
    Hlc clock(wall.fn());
    constexpr int kThreads = 4, kEach = 5000;
    std::vector<std::vector<std::uint64_t>> seen(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i)
                seen[t].push_back(t % 2 ? clock.now() : clock.observe(Hlc::pack(wall.ms, 1)));
        });
    for (auto& thread : threads) thread.join();
    std::vector<std::uint64_t> all;
    for (const auto& part : seen) {
        EXPECT_TRUE(std::is_sorted(part.begin(), part.end()));
        all.insert(all.end(), part.begin(), part.end());
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
}

// The packing puts 48 bits of milliseconds above a 16-bit counter.
TEST(HybridLogicalClock, PackLayout) {
    EXPECT_EQ(Hlc::pack(1, 2), (std::uint64_t{1} << 16) | 2);
    EXPECT_EQ(Hlc::physicalOf(Hlc::pack(123456789, 77)), 123456789u);
    EXPECT_EQ(Hlc::logicalOf(Hlc::pack(123456789, 77)), 77u);
}

}  // namespace
}  // namespace mmo::codec
