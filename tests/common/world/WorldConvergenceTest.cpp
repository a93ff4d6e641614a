#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/world/World.hpp"
#include "common/world/WorldDigest.hpp"

namespace mmo::world {
namespace {

using codec::BlockChange;
using Hlc = codec::HybridLogicalClock;
using Cells = std::map<std::pair<std::int32_t, std::int32_t>, BlockState>;

const std::vector<std::string> kRegions{"eu-west-1", "us-east-1", "ap-south-1"};

// Writes from three regions to a 12x12 area, many at the same physical millisecond (so hlc ties are
// broken by region id), with removals, plus exact duplicates of some changes.
std::vector<BlockChange> conflictingChanges(std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<BlockChange> changes;
    const std::uint64_t t0 = 1'700'000'000'000;
    for (int i = 0; i < 3000; ++i) {
        BlockChange change;
        change.x = static_cast<std::int32_t>(rng() % 12) - 6;
        change.y = static_cast<std::int32_t>(rng() % 12) - 6;
        change.type = static_cast<std::uint16_t>(rng() % 4 == 0 ? 0 : 1 + rng() % 15);
        change.hlc = Hlc::pack(t0 + rng() % 20, rng() % 3);
        change.origin = kRegions[rng() % kRegions.size()];
        changes.push_back(change);
    }
    for (int i = 0; i < 500; ++i) changes.push_back(changes[rng() % changes.size()]);
    return changes;
}

Cells cellsOf(const World& world) {
    Cells cells;
    world.forEachCell([&](const CellView& cell) {
        cells[{cell.x, cell.y}] = BlockState{cell.type, cell.hlc, std::string(cell.origin)};
    });
    return cells;
}

// Any permutation of the same changes, duplicates included, gives the same cells and digest.
TEST(WorldConvergence, PermutationsGiveIdenticalWorlds) {
    std::vector<BlockChange> changes = conflictingChanges(7);
    World reference;
    for (const auto& change : changes) reference.apply(change);
    const Cells expected = cellsOf(reference);
    std::mt19937 rng(99);
    for (int round = 0; round < 20; ++round) {
        std::shuffle(changes.begin(), changes.end(), rng);
        World world;
        for (const auto& change : changes) world.apply(change);
        EXPECT_EQ(world.digestHex(), reference.digestHex()) << "round " << round;
        EXPECT_EQ(world.blockCount(), reference.blockCount());
        EXPECT_EQ(cellsOf(world), expected) << "round " << round;
    }
}

// Every cell holds the max over (hlc, region id, type) of the changes written to it, computed apart.
TEST(WorldConvergence, WinnerIsIndependentMax) {
    const std::vector<BlockChange> changes = conflictingChanges(8);
    std::map<std::pair<std::int32_t, std::int32_t>, std::tuple<std::uint64_t, std::string, std::uint16_t>>
        best;
    for (const auto& c : changes) {
        auto key = std::make_tuple(c.hlc, c.origin, c.type);
        auto [it, inserted] = best.try_emplace({c.x, c.y}, key);
        if (!inserted) it->second = std::max(it->second, key);
    }
    World world;
    for (const auto& change : changes) world.apply(change);
    for (const auto& [xy, winner] : best) {
        const auto& [hlc, origin, type] = winner;
        EXPECT_EQ(world.get(xy.first, xy.second), (BlockState{type, hlc, origin}));
    }
    EXPECT_EQ(world.cellCount(), best.size());
}

// The incremental digest equals the digest recomputed from scratch over the visible cells.
TEST(WorldConvergence, IncrementalDigestMatchesRecomputed) {
    World world;
    for (const auto& change : conflictingChanges(9)) world.apply(change);
    WorldDigest fresh;
    std::uint64_t blocks = 0;
    for (const auto& [xy, state] : cellsOf(world)) {
        if (state.type == 0) continue;
        ++blocks;
        fresh.add(WorldDigest::cellHash(xy.first, xy.second, state.type, state.hlc,
                                        WorldDigest::regionHash(state.origin)));
    }
    EXPECT_EQ(world.digest(), fresh.value());
    EXPECT_EQ(world.blockCount(), blocks);
}

// Worlds with different content have different digests (one differing block is enough).
TEST(WorldConvergence, DifferentContentDifferentDigest) {
    World a, b;
    for (const auto& change : conflictingChanges(10)) {
        a.apply(change);
        b.apply(change);
    }
    b.apply(BlockChange{1000, 1000, 1, 1, "eu-west-1"});
    EXPECT_NE(a.digest(), b.digest());
}

}  // namespace
}  // namespace mmo::world
