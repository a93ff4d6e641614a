#include "node/game/SnapshotChunker.hpp"

#include "common/codec/ByteWriter.hpp"
#include "common/gameproto/FrameEncoder.hpp"

namespace mmo::game {

namespace {
using codec::ByteWriter;
}  // namespace

SnapshotChunker::SnapshotChunker(std::size_t cellsPerChunk, std::size_t budgetBytes, Emit emit)
    : cellsPerChunk_(cellsPerChunk), budget_(budgetBytes), emit_(std::move(emit)) {}

std::size_t SnapshotChunker::cellBytes(const Cell& cell) {
    return ByteWriter::varintSize(ByteWriter::zigzagEncode(cell.x)) +
           ByteWriter::varintSize(ByteWriter::zigzagEncode(cell.y)) + ByteWriter::varintSize(cell.type) + 8 +
           ByteWriter::varintSize(cell.origin.size()) + cell.origin.size();
}

std::size_t SnapshotChunker::chunkFrameBytes(std::size_t cellCount, std::size_t cellsBytes) {
    return kFrameHeaderBytes + 1 + ByteWriter::varintSize(cellCount) + cellsBytes;
}

bool SnapshotChunker::add(const Cell& cell) {
    const auto size = cellBytes(cell);
    // A full chunk is held back until a cell comes for the next one: when none comes, it is the final
    // chunk itself (a snapshot of exactly N x cellsPerChunk cells ends without an extra empty chunk).
    const bool full = pending_.cells.size() == cellsPerChunk_;
    const auto needed = full
                            ? chunkFrameBytes(pending_.cells.size(), pendingBytes_) + chunkFrameBytes(1, size)
                            : chunkFrameBytes(pending_.cells.size() + 1, pendingBytes_ + size);
    if (clipped() || bytes_ + needed > budget_) {
        ++leftOut_;
        return false;
    }
    if (full) emitPending(false);
    pending_.cells.push_back(cell);
    pendingBytes_ += size;
    ++sent_;
    return true;
}

void SnapshotChunker::finish() {
    emitPending(true);
}

void SnapshotChunker::emitPending(bool last) {
    pending_.last = last;
    emit_(pending_);
    bytes_ += chunkFrameBytes(pending_.cells.size(), pendingBytes_);
    pending_.cells.clear();
    pendingBytes_ = 0;
}

}  // namespace mmo::game
