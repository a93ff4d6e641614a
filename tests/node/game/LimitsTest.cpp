// The game server's pure parts: token bucket (injected time), write queue caps, position tracking, limits.
#include <gtest/gtest.h>

#include <algorithm>

#include "node/game/GameLimits.hpp"
#include "node/game/PositionTracker.hpp"
#include "node/game/SessionWriteQueue.hpp"
#include "node/game/TokenBucket.hpp"

namespace mmo::game {
namespace {

using namespace std::chrono_literals;
using TimePoint = TokenBucket::TimePoint;

// A full bucket allows the burst at once, then refills at the rate, never above the burst.
TEST(TokenBucket, BurstThenRate) {
    const TimePoint t0{};
    TokenBucket bucket(20, 40, t0);
    for (int i = 0; i < 40; ++i) ASSERT_TRUE(bucket.tryTake(t0)) << i;
    EXPECT_FALSE(bucket.tryTake(t0));
    EXPECT_FALSE(bucket.tryTake(t0 + 49ms));  // 0.98 tokens
    EXPECT_TRUE(bucket.tryTake(t0 + 50ms));
    EXPECT_NEAR(bucket.available(t0 + 1h), 40.0, 1e-9);
}

// Time going backwards neither adds nor removes tokens.
TEST(TokenBucket, BackwardsTimeIsIgnored) {
    const TimePoint t0 = TimePoint{} + 10s;
    TokenBucket bucket(1, 1, t0);
    EXPECT_TRUE(bucket.tryTake(t0));
    EXPECT_FALSE(bucket.tryTake(t0 - 5s));
    EXPECT_TRUE(bucket.tryTake(t0 + 1s));
}

// take() spends many tokens at once (snapshot bytes) and never drives the bucket below empty.
TEST(TokenBucket, TakeSpendsAtMostWhatIsThere) {
    const TimePoint t0{};
    TokenBucket bucket(1000, 4000, t0);
    bucket.take(3000, t0);
    EXPECT_NEAR(bucket.available(t0), 1000.0, 1e-9);
    bucket.take(5000, t0);
    EXPECT_NEAR(bucket.available(t0), 0.0, 1e-9);
    EXPECT_NEAR(bucket.available(t0 + 500ms), 500.0, 1e-9);
}

SessionWriteQueue::Frame frame(std::size_t size) {
    return std::make_shared<const std::vector<std::uint8_t>>(size, 0);
}

// Updates beyond the droppable limit are dropped (and keep being dropped) until the queue drains to half,
// which is the moment for one resync error.
TEST(SessionWriteQueue, DropsUpdatesThenAsksForResync) {
    SessionWriteQueue q(100, 1000);
    EXPECT_EQ(q.push(frame(60), true), SessionWriteQueue::Push::Queued);
    EXPECT_EQ(q.push(frame(60), true), SessionWriteQueue::Push::Dropped);
    EXPECT_EQ(q.push(frame(10), true), SessionWriteQueue::Push::Dropped);  // no holes: dropped until resync
    EXPECT_EQ(q.push(frame(60), false), SessionWriteQueue::Push::Queued);  // replies still go out
    EXPECT_FALSE(q.takeResyncDue());
    q.pop();
    q.pop();
    EXPECT_TRUE(q.takeResyncDue());
    EXPECT_FALSE(q.takeResyncDue());
    EXPECT_EQ(q.push(frame(10), true), SessionWriteQueue::Push::Queued);
}

// A frame that would pass the hard limit is refused (the session closes).
TEST(SessionWriteQueue, HardLimitOverflows) {
    SessionWriteQueue q(100, 200);
    EXPECT_EQ(q.push(frame(150), false), SessionWriteQueue::Push::Queued);
    EXPECT_EQ(q.push(frame(60), false), SessionWriteQueue::Push::Overflow);
    EXPECT_EQ(q.bytes(), 150u);
}

boost::asio::ip::udp::endpoint endpoint(unsigned short port) {
    return {boost::asio::ip::make_address("127.0.0.1"), port};
}

const std::chrono::steady_clock::time_point kNow{};

// A position from `port`, answered with VERIFY when it was challenged: the endpoint is verified after.
void locateVerified(PositionTracker& t, std::uint64_t key, float x, float y, unsigned short port) {
    const auto outcome = t.update({key, 1, x, y}, endpoint(port), kNow);
    ASSERT_TRUE(outcome.challenge);
    ASSERT_EQ(t.verify({key, outcome.challenge->nonce}, endpoint(port)), PositionTracker::Verdict::Accepted);
}

// Keys: unknown, accepted, stale after removal; old sequence numbers are ignored.
TEST(PositionTracker, KeysAndSequences) {
    PositionTracker t(std::chrono::milliseconds(500));
    t.add(11, 1);
    EXPECT_EQ(t.update({12, 1, 0, 0}, endpoint(1), kNow).verdict, PositionTracker::Verdict::UnknownKey);
    EXPECT_EQ(t.update({11, 5, 0, 0}, endpoint(1), kNow).verdict, PositionTracker::Verdict::Accepted);
    EXPECT_EQ(t.update({11, 5, 0, 0}, endpoint(1), kNow).verdict, PositionTracker::Verdict::OldSequence);
    EXPECT_EQ(t.update({11, 4, 0, 0}, endpoint(1), kNow).verdict, PositionTracker::Verdict::OldSequence);
    EXPECT_EQ(t.verify({11, 0}, endpoint(1)), PositionTracker::Verdict::WrongNonce);
    t.remove(11);
    EXPECT_EQ(t.update({11, 6, 0, 0}, endpoint(1), kNow).verdict, PositionTracker::Verdict::StaleKey);
    EXPECT_EQ(t.verify({11, 0}, endpoint(1)), PositionTracker::Verdict::StaleKey);
}

// Issue 17 item 13: "newer" is RFC 1982 serial arithmetic on 32 bits: seq is newer than the last one when
// (seq - last) mod 2^32 is 1..2^31-1; equal, behind, or exactly 2^31 ahead (undefined in RFC 1982) is not.
TEST(PositionTracker, SequenceNumbersWrap) {
    PositionTracker t(std::chrono::milliseconds(500));
    t.add(11, 1);
    const auto at = [&](std::uint32_t seq) { return t.update({11, seq, 0, 0}, endpoint(1), kNow).verdict; };
    EXPECT_EQ(at(0xfffffffeu), PositionTracker::Verdict::Accepted);  // the first one: any seq
    EXPECT_EQ(at(0xffffffffu), PositionTracker::Verdict::Accepted);
    EXPECT_EQ(at(0), PositionTracker::Verdict::Accepted);  // wrapped: 0 follows 0xffffffff
    EXPECT_EQ(at(0xffffffffu), PositionTracker::Verdict::OldSequence);
    EXPECT_EQ(at(0x80000000u), PositionTracker::Verdict::OldSequence);  // exactly 2^31 ahead
    EXPECT_EQ(at(0x7fffffffu), PositionTracker::Verdict::Accepted);     // 2^31 - 1 ahead
    EXPECT_EQ(at(0), PositionTracker::Verdict::OldSequence);            // 2^31 - 1 behind
}

// Issue 17 item 13: nearby is the Euclidean distance, edge included, in double precision from the f32
// coordinates: (64, 0) and (0, -64) are within 64 cells, (45, 45) too; (50, 50) (a square would hold it)
// and (64.00001, 0) are not.
TEST(PositionTracker, NearbyIsEuclideanEdgeIncluded) {
    PositionTracker t(std::chrono::milliseconds(500));
    t.add(1, 100);
    locateVerified(t, 1, 0, 0, 1);
    const std::vector<std::pair<float, float>> spots = {
        {64, 0}, {0, -64}, {45, 45}, {50, 50}, {64.00001f, 0}};
    for (std::size_t i = 0; i < spots.size(); ++i) {
        t.add(10 + i, 200 + i);
        t.update({10 + i, 1, spots[i].first, spots[i].second}, endpoint(static_cast<unsigned short>(10 + i)),
                 kNow);
    }
    std::vector<std::uint64_t> heard;
    t.forEachNearby(64, [&](const auto& to, const auto& nearby) {
        if (to.port() != 1) return;
        for (const auto& p : nearby) heard.push_back(p.playerId);
    });
    std::sort(heard.begin(), heard.end());
    EXPECT_EQ(heard, (std::vector<std::uint64_t>{200, 201, 202}));
}

// Each located player with a verified endpoint hears of the others within the radius, not of itself nor
// of far players; a player whose endpoint is not verified is heard of but hears nothing.
TEST(PositionTracker, NearbyWithinRadius) {
    PositionTracker t(std::chrono::milliseconds(500));
    t.add(1, 100);
    t.add(2, 200);
    t.add(3, 300);
    t.add(4, 400);
    locateVerified(t, 1, 0, 0, 1);
    locateVerified(t, 2, 10, 10, 2);
    locateVerified(t, 3, 500, 500, 3);
    const auto unverified = t.update({4, 1, 5, 5}, endpoint(4), kNow);
    EXPECT_FALSE(unverified.fromVerifiedEndpoint);
    std::map<unsigned short, std::vector<PlayerPosition>> heard;
    t.forEachNearby(64, [&](const auto& to, const auto& nearby) { heard[to.port()] = nearby; });
    ASSERT_EQ(heard[1].size(), 2u);
    ASSERT_EQ(heard[2].size(), 2u);
    EXPECT_TRUE(heard[3].empty());
    EXPECT_EQ(heard.count(4), 0u) << "POSITIONS to an unverified endpoint";
    const auto heardOf = [](const std::vector<PlayerPosition>& list, std::uint64_t id) {
        return std::any_of(list.begin(), list.end(),
                           [&](const PlayerPosition& p) { return p.playerId == id; });
    };
    EXPECT_TRUE(heardOf(heard[1], 200));
    EXPECT_TRUE(heardOf(heard[1], 400));
    EXPECT_TRUE(heardOf(heard[2], 100));
}

// Issue 17 item 12: every game.* key of docs/protocol.md's limits table reaches the limit it names.
TEST(GameLimits, EveryConfigKeyIsWired) {
    config::GameConfig game;
    game.frames_per_second = 33;
    game.frame_burst = 77;
    game.nearby_radius = 12;
    game.max_chat_bytes = 9;
    const auto limits = gameLimitsFrom(game);
    EXPECT_EQ(limits.framesPerSecond, 33);
    EXPECT_EQ(limits.frameBurst, 77);
    EXPECT_EQ(limits.nearbyRadius, 12);
    EXPECT_EQ(limits.maxChatBytes, 9u);
    const auto defaults = gameLimitsFrom(config::GameConfig{});
    const GameLimits built;
    EXPECT_EQ(defaults.framesPerSecond, built.framesPerSecond);
    EXPECT_EQ(defaults.frameBurst, built.frameBurst);
    EXPECT_EQ(defaults.nearbyRadius, built.nearbyRadius);
    EXPECT_EQ(defaults.maxChatBytes, built.maxChatBytes);
    EXPECT_NO_THROW(validate(defaults));
}

// The defaults are valid; nonsense limits are refused at start.
TEST(GameLimits, Validation) {
    EXPECT_NO_THROW(validate(GameLimits{}));
    GameLimits bad;
    bad.actionsPerSecond = 0;
    EXPECT_THROW(validate(bad), std::invalid_argument);
    bad = {};
    bad.maxQueueBytes = bad.updateQueueBytes;
    EXPECT_THROW(validate(bad), std::invalid_argument);
}

}  // namespace
}  // namespace mmo::game
