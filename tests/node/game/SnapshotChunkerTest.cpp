// The SUBSCRIBE snapshot's chunking under a byte budget: whole snapshots when they fit, clipped ones
// bounded by the budget, and a final chunk in every case.
#include <gtest/gtest.h>

#include "common/gameproto/FrameEncoder.hpp"
#include "node/game/SnapshotChunker.hpp"

namespace mmo::game {
namespace {

struct Sent {
    std::vector<BlockChunk> chunks;
    std::size_t bytes = 0;  // as encoded on the wire
    bool clipped = false;
    std::size_t cellsSent = 0;
    std::size_t cellsLeftOut = 0;
};

Sent chunk(std::size_t cells, std::size_t perChunk, std::size_t budget) {
    Sent sent;
    SnapshotChunker chunker(perChunk, budget, [&](const BlockChunk& c) {
        sent.chunks.push_back(c);
        sent.bytes += encodeFrame(ServerMessage{c}).size();
    });
    for (std::size_t i = 0; i < cells; ++i)
        chunker.add(Cell{static_cast<std::int32_t>(i % 256), static_cast<std::int32_t>(i / 256), 1,
                         0x019ac3a4b2c00001ULL + i, "eu-west-1"});
    chunker.finish();
    EXPECT_EQ(chunker.bytesSent(), sent.bytes);  // the chunker counts exactly what goes on the wire
    sent.clipped = chunker.clipped();
    sent.cellsSent = chunker.cellsSent();
    sent.cellsLeftOut = chunker.cellsLeftOut();
    return sent;
}

// The encoded sizes the budget is computed with are the codec's.
TEST(SnapshotChunker, SizesMatchTheCodec) {
    const Cell cell{-70000, 12, 300, 0xffffffffffffffffULL, "ap-south-1"};
    EXPECT_EQ(SnapshotChunker::chunkFrameBytes(1, SnapshotChunker::cellBytes(cell)),
              encodeFrame(ServerMessage{BlockChunk{true, {cell}}}).size());
    EXPECT_EQ(SnapshotChunker::chunkFrameBytes(0, 0),
              encodeFrame(ServerMessage{BlockChunk{true, {}}}).size());
    EXPECT_EQ(SnapshotChunker::chunkFrameBytes(0, 0), SnapshotChunker::kMaxEmptyChunkBytes);
}

// A snapshot within the budget is sent whole, in chunks of at most perChunk cells, the last one marked.
TEST(SnapshotChunker, WithinBudgetEverythingIsSent) {
    const auto sent = chunk(1000, 512, 1 << 20);
    ASSERT_EQ(sent.chunks.size(), 2u);
    EXPECT_EQ(sent.chunks[0].cells.size(), 512u);
    EXPECT_FALSE(sent.chunks[0].last);
    EXPECT_EQ(sent.chunks[1].cells.size(), 488u);
    EXPECT_TRUE(sent.chunks[1].last);
    EXPECT_FALSE(sent.clipped);
    EXPECT_EQ(sent.cellsSent, 1000u);
}

// Issue 17 item 13: a snapshot of exactly a multiple of perChunk cells (65,536 = 128 x 512, the largest
// area full) ends with its last full chunk marked final, not with an extra empty chunk.
TEST(SnapshotChunker, ExactMultipleEndsWithoutEmptyChunk) {
    for (const std::size_t cells : {512u, 1024u, 65536u}) {
        const auto sent = chunk(cells, 512, 1 << 30);
        ASSERT_EQ(sent.chunks.size(), cells / 512) << cells;
        for (const auto& c : sent.chunks) EXPECT_EQ(c.cells.size(), 512u);
        for (std::size_t i = 0; i + 1 < sent.chunks.size(); ++i) EXPECT_FALSE(sent.chunks[i].last);
        EXPECT_TRUE(sent.chunks.back().last);
        EXPECT_EQ(sent.cellsSent, cells);
    }
}

// Over the budget the snapshot is clipped: never more bytes than the budget (an empty final chunk over it
// only when not one cell fitted), and the cells left out are counted.
TEST(SnapshotChunker, OverBudgetIsClipped) {
    for (const std::size_t budget : {0u, 5u, 100u, 4096u, 11000u, 65536u}) {
        const auto sent = chunk(65536, 512, budget);
        if (sent.cellsSent == 0) {
            EXPECT_EQ(sent.bytes, SnapshotChunker::kMaxEmptyChunkBytes) << budget;
        } else {
            EXPECT_LE(sent.bytes, budget) << budget;
        }
        EXPECT_TRUE(sent.clipped) << budget;
        EXPECT_EQ(sent.cellsSent + sent.cellsLeftOut, 65536u);
        ASSERT_FALSE(sent.chunks.empty());
        EXPECT_TRUE(sent.chunks.back().last);
        EXPECT_FALSE(sent.chunks.back().cells.empty() && sent.cellsSent > 0) << "no empty final chunk";
        for (std::size_t i = 0; i + 1 < sent.chunks.size(); ++i) EXPECT_FALSE(sent.chunks[i].last);
        if (budget >= 4096) {
            EXPECT_GT(sent.bytes, budget - 64) << "the budget is used, not wasted";
        }
    }
}

// Clipped right after a full chunk: that chunk is the final one, within the budget, no empty chunk after.
TEST(SnapshotChunker, ClippedAfterAFullChunkEndsWithIt) {
    const auto oneChunk = chunk(512, 512, 1 << 30).bytes;
    const auto sent = chunk(1000, 512, oneChunk);  // 512 cells fit exactly, the 513th does not
    ASSERT_EQ(sent.chunks.size(), 1u);
    EXPECT_TRUE(sent.chunks[0].last);
    EXPECT_EQ(sent.chunks[0].cells.size(), 512u);
    EXPECT_TRUE(sent.clipped);
    EXPECT_EQ(sent.bytes, oneChunk);
}

// An empty area still ends with one empty final chunk.
TEST(SnapshotChunker, EmptyAreaSendsTheFinalChunk) {
    const auto sent = chunk(0, 512, 0);
    ASSERT_EQ(sent.chunks.size(), 1u);
    EXPECT_TRUE(sent.chunks[0].last);
    EXPECT_TRUE(sent.chunks[0].cells.empty());
}

}  // namespace
}  // namespace mmo::game
