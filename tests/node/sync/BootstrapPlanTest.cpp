#include <gtest/gtest.h>

#include "node/sync/BootstrapPlan.hpp"

namespace mmo::sync {
namespace {

world::CheckpointRound roundAt(const std::string& writer, std::uint64_t seq) {
    world::CheckpointRound round;
    round.writer = writer;
    round.streamSeq = seq;
    round.positions.stream_seq = seq;
    return round;
}

TEST(BootstrapPlan, ASnapshotTheStreamContinuesLoadsNothing) {
    const auto plan = planBootstrap({true, 40, 1, 90, {roundAt("eu-west-1", 80)}});
    EXPECT_FALSE(plan.load);
    EXPECT_EQ(plan.resumeAfter, 40u);
    EXPECT_FALSE(plan.missing);
    // The stream dropped 1..39 only: the snapshot still continues into it.
    EXPECT_FALSE(planBootstrap({true, 40, 41, 90, {}}).missing);
}

TEST(BootstrapPlan, AnEmptyDataDirLoadsTheNewestRound) {
    const auto plan = planBootstrap({false, 0, 1, 90, {roundAt("eu-west-1", 60), roundAt("us-east-1", 80)}});
    ASSERT_TRUE(plan.load);
    EXPECT_EQ(plan.load->writer, "us-east-1");
    EXPECT_EQ(plan.resumeAfter, 80u);
    EXPECT_FALSE(plan.missing);
}

TEST(BootstrapPlan, AFreshSetReplaysTheStream) {
    const auto plan = planBootstrap({false, 0, 0, 0, {}});
    EXPECT_FALSE(plan.load);
    EXPECT_EQ(plan.resumeAfter, 0u);
    EXPECT_FALSE(plan.missing);
}

TEST(BootstrapPlan, ASnapshotOlderThanTheStreamLoadsACoveringRound) {
    const auto plan = planBootstrap({true, 10, 51, 90, {roundAt("eu-west-1", 70)}});
    ASSERT_TRUE(plan.load);
    EXPECT_EQ(plan.resumeAfter, 70u);
    EXPECT_FALSE(plan.missing);
}

TEST(BootstrapPlan, NothingCoveringTheDroppedMessagesIsReportedMissing) {
    // A purged stream (first = last + 1) and no checkpoints at all.
    EXPECT_EQ(planBootstrap({false, 0, 58, 57, {}}).missing, (MissingRange{1, 57}));
    // A round older than what the stream dropped: loaded (better than nothing), the rest reported.
    const auto plan = planBootstrap({false, 0, 58, 57, {roundAt("eu-west-1", 30)}});
    ASSERT_TRUE(plan.load);
    EXPECT_EQ(plan.resumeAfter, 30u);
    EXPECT_EQ(plan.missing, (MissingRange{31, 57}));
    // A snapshot older than the stream and no round past it.
    EXPECT_EQ(planBootstrap({true, 20, 58, 57, {roundAt("eu-west-1", 10)}}).missing, (MissingRange{21, 57}));
}

// The stream was deleted and created again: a round at 500 holds the old world, but its position is
// another stream's. Without any round of this stream, a new region loads the old world and consumes this
// stream from its start; a round of this stream wins over it.
TEST(BootstrapPlan, RoundsOfAnEarlierStreamGiveTheOldWorldButNoPosition) {
    const auto plan = planBootstrap({false, 0, 1, 20, {roundAt("eu-west-1", 500)}});
    ASSERT_TRUE(plan.load);
    EXPECT_FALSE(plan.roundPositionsApply);
    EXPECT_EQ(plan.resumeAfter, 0u);
    EXPECT_FALSE(plan.missing);
    const auto current =
        planBootstrap({false, 0, 1, 20, {roundAt("eu-west-1", 500), roundAt("us-east-1", 15)}});
    ASSERT_TRUE(current.load);
    EXPECT_EQ(current.load->writer, "us-east-1");
    EXPECT_TRUE(current.roundPositionsApply);
    EXPECT_EQ(current.resumeAfter, 15u);
    // A region with a snapshot keeps it: nothing to load.
    EXPECT_FALSE(planBootstrap({true, 12, 1, 20, {roundAt("eu-west-1", 500)}}).load);
}

}  // namespace
}  // namespace mmo::sync
