#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "common/codec/GzipCompressor.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"

namespace mmo::world {

// One chunk's full state as a region stored it in the world store: every cell ever set (blocks and
// tombstones) with its hlc and origin, and the stream position the region had applied when it read them.
// Merging any checkpoint into any world is last-writer-wins, so it is safe in any order, any number of
// times.
struct ChunkCheckpoint {
    ChunkCoord chunk;
    std::uint64_t coveredStreamSeq = 0;  // the writer had applied every stream message up to this one
    std::string writer;                  // region that wrote it
    std::vector<codec::BlockChange> cells;

    friend bool operator==(const ChunkCheckpoint&, const ChunkCheckpoint&) = default;
};

// The record a region writes after every chunk it changed is in the store: its checkpoint set (every
// chunk subject of that region) now holds at least the world as of stream position streamSeq.
struct CheckpointRound {
    std::string writer;
    std::uint64_t streamSeq = 0;
    std::uint64_t chunks = 0;           // chunks in the writer's set
    std::uint64_t writtenAtMillis = 0;  // Unix time of the round
    SyncPositions positions;  // the writer's per-source positions (positions.stream_seq == streamSeq)

    friend bool operator==(const CheckpointRound&, const CheckpointRound&) = default;
};

// Bounds of the decoders; sizes are checked against them (and against the bytes present) before anything
// is allocated.
struct CheckpointLimits {
    std::size_t maxStoredBytes = 256 * 1024;  // the message as stored (compressed or not)
    std::size_t maxBodyBytes = 256 * 1024;    // the body after gunzip
};

// A checkpoint message that does not decode: what() names the part that is wrong.
class CheckpointDecodeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The "MMOC" (chunk) and "MMOR" (round) formats of docs/sync-wire-format.md, section "World store".
class CheckpointFormat {
  public:
    static constexpr std::size_t kHeaderSize = 16;

    // A chunk checkpoint; cells must all lie in checkpoint.chunk. With `gzip` (reused across calls: its
    // zlib state costs a few hundred KiB to set up) the body is compressed.
    static std::vector<std::uint8_t> encodeChunk(const ChunkCheckpoint& checkpoint,
                                                 codec::GzipCompressor* gzip);
    // The same with a compressor of its own (zlib level 1) when gzip is true.
    static std::vector<std::uint8_t> encodeChunk(const ChunkCheckpoint& checkpoint, bool gzip);
    // Checks the whole message, then returns it; throws CheckpointDecodeError. Never reads outside `bytes`.
    static ChunkCheckpoint decodeChunk(std::span<const std::uint8_t> bytes, const CheckpointLimits& limits);

    static std::vector<std::uint8_t> encodeRound(const CheckpointRound& round);
    static CheckpointRound decodeRound(std::span<const std::uint8_t> bytes, const CheckpointLimits& limits);
};

}  // namespace mmo::world
