#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/world/World.hpp"

namespace mmo::world {
namespace {

using codec::BlockChange;

// `count` random writes of `origin` over a side x side square at (x0, y0), hlcs from `hlc` upwards with
// repeats (so some changes are duplicates or stale against others of the same list).
std::vector<BlockChange> randomChanges(std::uint32_t seed, std::size_t count, std::int32_t x0,
                                       std::int32_t y0, std::int32_t side, std::uint64_t hlc,
                                       const std::string& origin) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::int32_t> cell(0, side - 1);
    std::uniform_int_distribution<int> type(0, 15);
    std::uniform_int_distribution<int> step(0, 2);
    std::vector<BlockChange> changes;
    for (std::size_t i = 0; i < count; ++i) {
        hlc += static_cast<std::uint64_t>(step(rng));
        changes.push_back(
            BlockChange{x0 + cell(rng), y0 + cell(rng), static_cast<std::uint16_t>(type(rng)), hlc, origin});
    }
    return changes;
}

// Every observable part of two worlds is equal.
void expectSameWorld(const World& a, const World& b) {
    EXPECT_EQ(a.digest(), b.digest());
    EXPECT_EQ(a.blockCount(), b.blockCount());
    EXPECT_EQ(a.cellCount(), b.cellCount());
    EXPECT_EQ(a.chunkCount(), b.chunkCount());
    const auto summaries = a.chunkSummaries();
    const auto others = b.chunkSummaries();
    ASSERT_EQ(summaries.size(), others.size());
    for (std::size_t i = 0; i < summaries.size(); ++i) {
        EXPECT_EQ(summaries[i].chunk, others[i].chunk);
        EXPECT_EQ(summaries[i].digest, others[i].digest);
        EXPECT_EQ(a.chunkCells(summaries[i].chunk), b.chunkCells(others[i].chunk));
    }
}

// applyFrom applies every change as the given region's, whatever origin the change carries, and hands back
// the ones that took effect with that origin.
TEST(WorldBatchApply, ApplyFromUsesTheGivenOrigin) {
    World world;
    world.apply(BlockChange{5, 5, 1, 300, "us-east-1"});
    const std::vector<BlockChange> changes{
        {1, 2, 3, 100, ""}, {5, 5, 2, 200, "us-east-1"}, {-7, 9, 0, 101, "x"}};
    std::vector<BlockChange> tookEffect;
    const ApplyCounts counts = world.applyFrom("eu-west-1", changes, &tookEffect);
    EXPECT_EQ(counts.applied, 2u);
    EXPECT_EQ(counts.stale, 1u);
    EXPECT_EQ(counts.duplicate, 0u);
    EXPECT_EQ(world.get(1, 2), (BlockState{3, 100, "eu-west-1"}));
    EXPECT_EQ(world.get(-7, 9), (BlockState{0, 101, "eu-west-1"}));
    EXPECT_EQ(world.get(5, 5), (BlockState{1, 300, "us-east-1"}));
    ASSERT_EQ(tookEffect.size(), 2u);
    EXPECT_EQ(tookEffect[0], (BlockChange{1, 2, 3, 100, "eu-west-1"}));
    EXPECT_EQ(tookEffect[1], (BlockChange{-7, 9, 0, 101, "eu-west-1"}));
}

// A region is needed: applyFrom with an empty origin throws and changes nothing.
TEST(WorldBatchApply, ApplyFromWithoutOriginThrows) {
    World world;
    const std::vector<BlockChange> changes{{1, 2, 3, 100, "eu-west-1"}};
    EXPECT_THROW(world.applyFrom("", changes), std::invalid_argument);
    EXPECT_EQ(world.cellCount(), 0u);
}

// Applying many changes at once (the prefetching path, chunks created in the middle of a run, the chunk
// index growing) gives exactly the world and the outcomes that applying them one by one gives.
TEST(WorldBatchApply, ManyChangesAtOnceEqualOneByOne) {
    World once, oneByOne;
    ApplyCounts expected;
    ApplyCounts counted;
    std::uint64_t hlc = 1;
    for (std::uint32_t round = 0; round < 40; ++round) {
        // Areas far apart and on both sides of zero, so new chunks keep appearing.
        const std::int32_t x0 = static_cast<std::int32_t>(round % 5) * 100'000 - 250'000;
        const std::int32_t y0 = static_cast<std::int32_t>(round % 7) * -90'000 + 300'000;
        const std::string origin = round % 3 == 0 ? "us-east-1" : "eu-west-1";
        const auto changes = randomChanges(round, 100 + round * 10, x0, y0, 300, hlc, origin);
        hlc = changes.back().hlc;
        for (const auto& change : changes) {
            switch (oneByOne.apply(change)) {
                case ApplyOutcome::Applied:
                    ++expected.applied;
                    break;
                case ApplyOutcome::Stale:
                    ++expected.stale;
                    break;
                case ApplyOutcome::Duplicate:
                    ++expected.duplicate;
                    break;
            }
        }
        const ApplyCounts counts =
            round % 2 == 0 ? once.applyFrom(origin, changes) : once.apply(std::span(changes));
        counted.applied += counts.applied;
        counted.stale += counts.stale;
        counted.duplicate += counts.duplicate;
    }
    EXPECT_EQ(counted.applied, expected.applied);
    EXPECT_EQ(counted.stale, expected.stale);
    EXPECT_EQ(counted.duplicate, expected.duplicate);
    EXPECT_GT(once.chunkCount(), 1000u);
    expectSameWorld(once, oneByOne);
}

// A span holding runs of several origins is applied run by run, each change with its own origin.
TEST(WorldBatchApply, MixedOriginsKeepTheirOwn) {
    World world;
    const std::vector<BlockChange> changes{{0, 0, 1, 10, "eu-west-1"},
                                           {0, 0, 2, 10, "us-east-1"},
                                           {40, 40, 3, 11, "us-east-1"},
                                           {-40, 40, 4, 12, "ap-south-1"}};
    std::vector<BlockChange> tookEffect;
    const ApplyCounts counts = world.apply(changes, &tookEffect);
    EXPECT_EQ(counts.applied, 4u);
    EXPECT_EQ(tookEffect, changes);
    EXPECT_EQ(world.get(0, 0).origin, "us-east-1");
    EXPECT_EQ(world.get(-40, 40).origin, "ap-south-1");
    EXPECT_THROW(world.apply(std::vector<BlockChange>{{1, 1, 1, 1, ""}}), std::invalid_argument);
}

// Writers applying whole batches and readers on other threads at the same time: the World's lock keeps
// every read whole, and the result is the same world as applying everything on one thread.
TEST(WorldBatchApply, ConcurrentBatchesAndReadersConverge) {
    World shared, sequential;
    const std::vector<std::string> origins{"eu-west-1", "us-east-1", "ap-south-1"};
    std::vector<std::vector<std::vector<BlockChange>>> batches(origins.size());
    for (std::size_t w = 0; w < origins.size(); ++w)
        for (std::uint32_t b = 0; b < 60; ++b)
            batches[w].push_back(randomChanges(static_cast<std::uint32_t>(w * 1000 + b), 100, -500, -500,
                                               1000, 1 + b * 200, origins[w]));
    std::vector<std::thread> writers;
    for (std::size_t w = 0; w < origins.size(); ++w)
        writers.emplace_back([&, w] {
            for (const auto& batch : batches[w]) shared.applyFrom(origins[w], batch);
        });
    std::thread reader([&] {
        for (int i = 0; i < 200; ++i) {
            std::uint64_t blocks = 0;
            for (const auto& summary : shared.chunkSummaries()) blocks += summary.blocks;
            EXPECT_LE(blocks, shared.cellCount());
            (void)shared.get(i, -i);
            (void)shared.takeChangedChunks();
        }
    });
    for (auto& writer : writers) writer.join();
    reader.join();
    for (std::size_t w = 0; w < origins.size(); ++w)
        for (const auto& batch : batches[w]) sequential.applyFrom(origins[w], batch);
    expectSameWorld(shared, sequential);
}

}  // namespace
}  // namespace mmo::world
