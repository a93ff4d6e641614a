#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>
#include <vector>

#include "common/world/World.hpp"

namespace mmo::world {
namespace {

using codec::BlockChange;

// A cell never written is air with no origin and hlc 0.
TEST(World, NeverSetCellIsAirWithoutOrigin) {
    const World world;
    EXPECT_EQ(world.get(12, -40), BlockState{});
    EXPECT_FALSE(world.get(12, -40).everSet());
    EXPECT_EQ(world.blockCount(), 0u);
    EXPECT_EQ(world.digestHex(), "0000000000000000");
}

// An applied change becomes the cell's state with its metadata.
TEST(World, ApplySetsCell) {
    World world;
    EXPECT_EQ(world.apply(BlockChange{3, 4, 1, 100, "eu-west-1"}), ApplyOutcome::Applied);
    EXPECT_EQ(world.get(3, 4), (BlockState{1, 100, "eu-west-1"}));
    EXPECT_EQ(world.blockCount(), 1u);
}

// A later hlc replaces the cell; an earlier one is stale.
TEST(World, LaterHlcWinsEarlierIsStale) {
    World world;
    world.apply(BlockChange{0, 0, 1, 100, "eu-west-1"});
    EXPECT_EQ(world.apply(BlockChange{0, 0, 2, 200, "us-east-1"}), ApplyOutcome::Applied);
    EXPECT_EQ(world.apply(BlockChange{0, 0, 3, 150, "ap-south-1"}), ApplyOutcome::Stale);
    EXPECT_EQ(world.get(0, 0).type, 2);
}

// Applying the same change twice is a duplicate and changes nothing.
TEST(World, SameChangeTwiceIsDuplicate) {
    World world;
    world.apply(BlockChange{0, 0, 1, 100, "eu-west-1"});
    const auto digest = world.digest();
    EXPECT_EQ(world.apply(BlockChange{0, 0, 1, 100, "eu-west-1"}), ApplyOutcome::Duplicate);
    EXPECT_EQ(world.digest(), digest);
    EXPECT_EQ(world.blockCount(), 1u);
}

// At equal hlc the lexicographically greater region id wins, in either order.
TEST(World, EqualHlcBrokenByRegionId) {
    World a, b;
    a.apply(BlockChange{0, 0, 1, 100, "eu-west-1"});
    a.apply(BlockChange{0, 0, 2, 100, "us-east-1"});
    b.apply(BlockChange{0, 0, 2, 100, "us-east-1"});
    EXPECT_EQ(b.apply(BlockChange{0, 0, 1, 100, "eu-west-1"}), ApplyOutcome::Stale);
    EXPECT_EQ(a.get(0, 0).origin, "us-east-1");
    EXPECT_EQ(a.get(0, 0), b.get(0, 0));
}

// A removal leaves a tombstone that beats an older write arriving late.
TEST(World, TombstoneBeatsOlderWrite) {
    World world;
    world.apply(BlockChange{7, 7, 1, 100, "eu-west-1"});
    EXPECT_EQ(world.apply(BlockChange{7, 7, 0, 300, "us-east-1"}), ApplyOutcome::Applied);
    EXPECT_EQ(world.apply(BlockChange{7, 7, 5, 200, "ap-south-1"}), ApplyOutcome::Stale);
    EXPECT_EQ(world.get(7, 7), (BlockState{0, 300, "us-east-1"}));
    EXPECT_EQ(world.blockCount(), 0u);
    EXPECT_EQ(world.cellCount(), 1u);
}

// A newer write after a removal brings the block back.
TEST(World, NewerWriteReplacesTombstone) {
    World world;
    world.apply(BlockChange{7, 7, 0, 300, "us-east-1"});
    EXPECT_EQ(world.apply(BlockChange{7, 7, 4, 301, "eu-west-1"}), ApplyOutcome::Applied);
    EXPECT_EQ(world.blockCount(), 1u);
}

// Tombstones do not count in the digest: place then remove gives the empty world's digest.
TEST(World, TombstonesDoNotChangeDigest) {
    World world;
    world.apply(BlockChange{1, 1, 1, 100, "eu-west-1"});
    EXPECT_NE(world.digest(), 0u);
    world.apply(BlockChange{1, 1, 0, 200, "eu-west-1"});
    EXPECT_EQ(world.digest(), 0u);
}

// Negative coordinates and chunk borders address distinct cells.
TEST(World, NegativeCoordinatesAndChunkEdges) {
    World world;
    const std::int32_t coords[] = {-33, -32, -31, -1, 0, 1, 31, 32, 33, INT32_MIN, INT32_MAX};
    std::uint64_t hlc = 1;
    for (std::int32_t x : coords)
        for (std::int32_t y : coords)
            world.apply(BlockChange{x, y, static_cast<std::uint16_t>(1 + hlc % 9), hlc++, "eu-west-1"});
    hlc = 1;
    for (std::int32_t x : coords)
        for (std::int32_t y : coords) {
            EXPECT_EQ(world.get(x, y).hlc, hlc);
            EXPECT_EQ(world.get(x, y).type, 1 + hlc++ % 9);
        }
    EXPECT_EQ(world.blockCount(), std::size(coords) * std::size(coords));
}

// Applying a batch counts applied, stale and duplicate changes.
TEST(World, BatchApplyCountsOutcomes) {
    World world;
    world.apply(BlockChange{0, 0, 1, 500, "eu-west-1"});
    const codec::Batch batch{
        "eu-west-1",
        1,
        0,
        {{0, 0, 1, 500, "eu-west-1"}, {0, 0, 2, 400, "eu-west-1"}, {1, 0, 2, 400, "eu-west-1"}}};
    const ApplyCounts counts = world.apply(batch);
    EXPECT_EQ(counts.duplicate, 1u);
    EXPECT_EQ(counts.stale, 1u);
    EXPECT_EQ(counts.applied, 1u);
}

// A change without an origin is a programming error.
TEST(World, ChangeWithoutOriginThrows) {
    World world;
    EXPECT_THROW(world.apply(BlockChange{0, 0, 1, 1, ""}), std::invalid_argument);
}

// forEachCell visits blocks and tombstones with their coordinates.
TEST(World, ForEachCellVisitsEverySetCell) {
    World world;
    world.apply(BlockChange{-5, 9, 3, 10, "eu-west-1"});
    world.apply(BlockChange{40, -70, 0, 11, "us-east-1"});
    std::vector<std::pair<std::pair<std::int32_t, std::int32_t>, BlockState>> seen;
    world.forEachCell([&](const CellView& cell) {
        seen.push_back({{cell.x, cell.y}, BlockState{cell.type, cell.hlc, std::string(cell.origin)}});
    });
    ASSERT_EQ(seen.size(), 2u);
    for (const auto& [xy, state] : seen) EXPECT_EQ(world.get(xy.first, xy.second), state);
}

}  // namespace
}  // namespace mmo::world
