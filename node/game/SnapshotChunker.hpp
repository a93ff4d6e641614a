#pragma once

#include <cstddef>
#include <functional>

#include "common/gameproto/Messages.hpp"

namespace mmo::game {

// Cuts the cells of one SUBSCRIBE snapshot into BLOCK_CHUNK frames of at most `cellsPerChunk` cells, within
// a byte budget: a cell is taken only if every frame that carries cells, its header included, still fits in
// `budgetBytes`. Once one cell does not fit, the snapshot is clipped and every later cell is left out too
// (a client gets a prefix, never a sample). finish() always sends the final frame (last = 1): it carries the
// last cells sent (a full chunk is held back until the next cell shows it is not the last, so no empty
// chunk follows a full one), and is empty only when no cell was sent at all, then even over the budget
// (kMaxEmptyChunkBytes): the client must learn where the snapshot ends.
class SnapshotChunker {
  public:
    using Emit = std::function<void(const BlockChunk&)>;

    // The size of a BLOCK_CHUNK frame without cells (length, type, last, count 0).
    static constexpr std::size_t kMaxEmptyChunkBytes = 7;

    SnapshotChunker(std::size_t cellsPerChunk, std::size_t budgetBytes, Emit emit);

    // Takes one cell (emitting a full chunk); false when it was left out.
    bool add(const Cell& cell);
    // Emits the final chunk (last = 1) with the cells still pending.
    void finish();

    bool clipped() const { return leftOut_ > 0; }
    std::size_t cellsSent() const { return sent_; }
    std::size_t cellsLeftOut() const { return leftOut_; }
    // Bytes of the frames emitted so far (headers included).
    std::size_t bytesSent() const { return bytes_; }

    // Bytes a cell takes inside a BLOCK_CHUNK or BLOCK_UPDATE payload.
    static std::size_t cellBytes(const Cell& cell);
    // Bytes of a whole BLOCK_CHUNK frame around `cellCount` cells of `cellsBytes` bytes.
    static std::size_t chunkFrameBytes(std::size_t cellCount, std::size_t cellsBytes);

  private:
    void emitPending(bool last);

    const std::size_t cellsPerChunk_;
    const std::size_t budget_;
    Emit emit_;
    BlockChunk pending_;
    std::size_t pendingBytes_ = 0;  // cell bytes of pending_
    std::size_t bytes_ = 0;
    std::size_t sent_ = 0;
    std::size_t leftOut_ = 0;
};

}  // namespace mmo::game
