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
    if (clipped() || bytes_ + chunkFrameBytes(pending_.cells.size() + 1, pendingBytes_ + size) > budget_) {
        ++leftOut_;
        return false;
    }
    pending_.cells.push_back(cell);
    pendingBytes_ += size;
    ++sent_;
    if (pending_.cells.size() == cellsPerChunk_) emitPending(false);
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
