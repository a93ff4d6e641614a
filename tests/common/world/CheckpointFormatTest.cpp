#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "common/world/CheckpointFormat.hpp"
#include "common/world/World.hpp"

namespace mmo::world {
namespace {

using codec::BlockChange;

constexpr std::uint64_t kBase = std::uint64_t{1733300000000} << 16;

ChunkCheckpoint sampleChunk() {
    return ChunkCheckpoint{ChunkCoord{-1, 2},
                           57,
                           "eu-west-1",
                           {BlockChange{-32, 64, 1, kBase + 5, "eu-west-1"},
                            BlockChange{-1, 64, 0, kBase + 9, "us-east-1"},  // a tombstone
                            BlockChange{-17, 95, 7, kBase, "ap-south-1"}}};
}

// Cells come back in cell order (row by row), the order the format stores them in.
std::vector<BlockChange> inCellOrder(std::vector<BlockChange> cells) {
    std::sort(cells.begin(), cells.end(),
              [](const BlockChange& a, const BlockChange& b) { return a.y != b.y ? a.y < b.y : a.x < b.x; });
    return cells;
}

TEST(CheckpointFormat, ChunkRoundTripsPlainAndGzip) {
    for (const bool gzip : {false, true}) {
        const auto original = sampleChunk();
        const auto decoded = CheckpointFormat::decodeChunk(CheckpointFormat::encodeChunk(original, gzip), {});
        EXPECT_EQ(decoded.chunk, original.chunk);
        EXPECT_EQ(decoded.coveredStreamSeq, 57u);
        EXPECT_EQ(decoded.writer, "eu-west-1");
        EXPECT_EQ(decoded.cells, inCellOrder(original.cells)) << "gzip " << gzip;
    }
}

TEST(CheckpointFormat, RoundRecordRoundTrips) {
    CheckpointRound round{"us-east-1", 120, 44, 1733300000123, {}};
    round.positions.sources["eu-west-1"] = SourcePosition{6, 50};
    round.positions.sources["us-east-1"] = SourcePosition{9, 120};
    round.positions.stream_seq = 120;
    EXPECT_EQ(CheckpointFormat::decodeRound(CheckpointFormat::encodeRound(round), {}), round);
}

TEST(CheckpointFormat, RefusesACellOutsideItsChunk) {
    auto checkpoint = sampleChunk();
    checkpoint.cells.push_back(BlockChange{0, 64, 1, kBase, "eu-west-1"});
    EXPECT_THROW(CheckpointFormat::encodeChunk(checkpoint, false), std::invalid_argument);
}

std::string decodeError(std::vector<std::uint8_t> bytes, const CheckpointLimits& limits = {}) {
    try {
        CheckpointFormat::decodeChunk(bytes, limits);
    } catch (const CheckpointDecodeError& e) {
        return e.what();
    }
    return "";
}

TEST(CheckpointFormat, EveryDamageIsNamed) {
    const auto good = CheckpointFormat::encodeChunk(sampleChunk(), false);
    auto flipped = good;
    flipped.back() ^= 1;
    EXPECT_NE(decodeError(flipped).find("CRC-32"), std::string::npos);
    auto magic = good;
    magic[3] = 'B';
    EXPECT_NE(decodeError(magic).find("bad magic"), std::string::npos);
    EXPECT_NE(decodeError({good.begin(), good.begin() + 10}).find("truncated header"), std::string::npos);
    auto cut = good;
    cut.pop_back();
    EXPECT_NE(decodeError(cut).find("header declares"), std::string::npos);
    auto version = good;
    version[4] = 2;
    EXPECT_NE(decodeError(version).find("unsupported version 2"), std::string::npos);
    CheckpointLimits tiny;
    tiny.maxStoredBytes = 8;
    EXPECT_NE(decodeError(good, tiny).find("over the limit"), std::string::npos);
}

// A gzip body that inflates past the limit is refused without inflating all of it.
TEST(CheckpointFormat, RefusesABodyThatInflatesPastTheLimit) {
    ChunkCheckpoint big{ChunkCoord{0, 0}, 1, "eu-west-1", {}};
    for (int i = 0; i < 1024; ++i)
        big.cells.push_back(BlockChange{i % 32, i / 32, 1, kBase + 1, "eu-west-1"});
    CheckpointLimits limits;
    limits.maxBodyBytes = 256;
    EXPECT_NE(decodeError(CheckpointFormat::encodeChunk(big, true), limits).find("inflates past"),
              std::string::npos);
}

// Merging any regions' checkpoints of a chunk, in any order and any number of times, gives one world.
TEST(CheckpointFormat, MergingCheckpointsIsOrderIndependentAndIdempotent) {
    std::mt19937 random(7);
    std::vector<std::vector<BlockChange>> regions(3);
    const char* ids[] = {"eu-west-1", "us-east-1", "ap-south-1"};
    for (int r = 0; r < 3; ++r)
        for (int i = 0; i < 300; ++i)
            regions[r].push_back(BlockChange{
                static_cast<std::int32_t>(random() % 64), static_cast<std::int32_t>(random() % 64),
                static_cast<std::uint16_t>(random() % 4), kBase + random() % 1000, ids[r]});
    // Each region's own world, cut into chunk checkpoints.
    std::vector<std::vector<ChunkCheckpoint>> sets;
    for (int r = 0; r < 3; ++r) {
        World world;
        for (const auto& change : regions[r]) world.apply(change);
        std::vector<ChunkCheckpoint> set;
        for (const auto& summary : world.chunkSummaries()) {
            ChunkCheckpoint checkpoint{summary.chunk, 1, ids[r], world.chunkCells(summary.chunk)};
            set.push_back(
                CheckpointFormat::decodeChunk(CheckpointFormat::encodeChunk(checkpoint, r % 2 == 0), {}));
        }
        sets.push_back(std::move(set));
    }
    World reference;
    for (const auto& changes : regions)
        for (const auto& change : changes) reference.apply(change);
    std::vector<const ChunkCheckpoint*> all;
    for (const auto& set : sets)
        for (const auto& checkpoint : set) all.push_back(&checkpoint);
    for (int trial = 0; trial < 5; ++trial) {
        std::shuffle(all.begin(), all.end(), random);
        World merged;
        for (int times = 0; times < 1 + trial % 2; ++times)
            for (const auto* checkpoint : all) merged.apply(std::span<const BlockChange>(checkpoint->cells));
        EXPECT_EQ(merged.digest(), reference.digest()) << "trial " << trial;
        EXPECT_EQ(merged.cellCount(), reference.cellCount());
    }
}

TEST(WorldChunks, ChangedChunksAreTakenOnceAndCanBeMarkedAgain) {
    World world;
    world.apply(BlockChange{1, 1, 1, kBase + 1, "eu-west-1"});
    world.apply(BlockChange{2, 2, 1, kBase + 2, "eu-west-1"});
    world.apply(BlockChange{40, -3, 1, kBase + 3, "eu-west-1"});
    EXPECT_EQ(world.takeChangedChunks(), (std::vector<ChunkCoord>{{0, 0}, {1, -1}}));
    EXPECT_TRUE(world.takeChangedChunks().empty());
    // A stale write changes nothing, so the chunk is not changed either.
    world.apply(BlockChange{1, 1, 2, kBase, "eu-west-1"});
    EXPECT_TRUE(world.takeChangedChunks().empty());
    const std::vector<ChunkCoord> failed{{1, -1}};
    world.markChanged(failed);
    EXPECT_EQ(world.takeChangedChunks(), failed);
    world.markAllChanged();
    EXPECT_EQ(world.takeChangedChunks().size(), 2u);
}

TEST(WorldChunks, ChunkDigestsSumToTheWorldDigest) {
    World world;
    for (int i = 0; i < 200; ++i)
        world.apply(
            BlockChange{i * 7 - 300, i * 3 - 100, static_cast<std::uint16_t>(i % 3), kBase + i, "eu-west-1"});
    std::uint64_t sum = 0;
    std::uint64_t cells = 0;
    for (const auto& summary : world.chunkSummaries()) {
        sum += summary.digest;
        cells += summary.cells;
        EXPECT_EQ(world.chunkCells(summary.chunk).size(), summary.cells);
    }
    EXPECT_EQ(sum, world.digest());
    EXPECT_EQ(cells, world.cellCount());
    EXPECT_EQ(world.chunkCount(), world.chunkSummaries().size());
}

}  // namespace
}  // namespace mmo::world
