#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/codec/Batch.hpp"
#include "common/codec/BlockChange.hpp"
#include "common/world/ChunkTable.hpp"
#include "common/world/WorldDigest.hpp"

namespace mmo::world {

// What World::apply did with a change.
enum class ApplyOutcome {
    Applied,    // the change won and is now the cell's state
    Stale,      // the cell holds a later write (by hlc, then region id, then type): nothing changed
    Duplicate,  // the cell already holds exactly this write: nothing changed
};

// Outcome counts of applying many changes.
struct ApplyCounts {
    std::uint64_t applied = 0;
    std::uint64_t stale = 0;
    std::uint64_t duplicate = 0;
};

// A cell's state. A never-set cell is air with hlc 0 and an empty origin; a removed block is a tombstone:
// air with the hlc and origin of the removal.
struct BlockState {
    std::uint16_t type = 0;
    std::uint64_t hlc = 0;
    std::string origin;

    // True when some change has been applied to this cell (block or tombstone).
    bool everSet() const { return !origin.empty(); }
    friend bool operator==(const BlockState&, const BlockState&) = default;
};

// One stored cell as the visitor of World::forEachCell sees it; `origin` lives as long as the World.
struct CellView {
    std::int32_t x;
    std::int32_t y;
    std::uint16_t type;
    std::uint64_t hlc;
    std::string_view origin;
};

// A chunk's coordinates: floor(x / 32), floor(y / 32).
struct ChunkCoord {
    std::int32_t cx = 0;
    std::int32_t cy = 0;
    friend auto operator<=>(const ChunkCoord&, const ChunkCoord&) = default;
};

// One chunk's part of the world digest (anti-entropy: two worlds agree exactly when every chunk's digest
// does, and the world digest is the sum of the chunk digests modulo 2^64).
struct ChunkSummary {
    ChunkCoord chunk;
    std::uint64_t digest = 0;  // WorldDigest over the chunk's visible blocks
    std::uint32_t blocks = 0;  // cells holding a block
    std::uint32_t cells = 0;   // cells ever set (blocks and tombstones)
};

// The region's copy of the unbounded 2D block world, stored in 32x32 chunks created on first write.
// Every cell keeps last-writer-wins metadata: a change wins when (hlc, origin region id, type) is greater
// than the cell's, compared in that order (region ids byte-wise). That total order makes apply
// idempotent and order-independent. Removals stay as tombstones so a late older write cannot bring a
// removed block back. Thread-safe: writers take an internal exclusive lock, readers a shared one; the
// span and batch overloads of apply() take it once for all their changes.
class World {
  public:
    static constexpr int kChunkBits = 5;
    static constexpr int kChunkSide = 1 << kChunkBits;  // 32

    World();
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // Applies one change by last-writer-wins. An empty change.origin is not allowed (std::invalid_argument).
    ApplyOutcome apply(const codec::BlockChange& change);
    // Applies every change of a batch under one lock.
    ApplyCounts apply(const codec::Batch& batch);
    // Applies changes (of any origins, e.g. a chunk checkpoint's cells) under one lock; with `tookEffect`,
    // appends to it the changes that were Applied (for observers, told after the lock is released).
    ApplyCounts apply(std::span<const codec::BlockChange> changes,
                      std::vector<codec::BlockChange>* tookEffect = nullptr);
    // Applies changes that all come from region `origin` under one lock, as if each change's origin were
    // `origin` (their own origin fields are not read: a sync round's changes carry none, a decoded batch's
    // carry the batch's). With `tookEffect`, appends the Applied ones with their origin set to `origin`.
    // An empty origin is not allowed (std::invalid_argument).
    ApplyCounts applyFrom(std::string_view origin, std::span<const codec::BlockChange> changes,
                          std::vector<codec::BlockChange>* tookEffect = nullptr);
    // The state of cell (x, y).
    BlockState get(std::int32_t x, std::int32_t y) const;
    // Cells holding a non-air block.
    std::uint64_t blockCount() const;
    // Cells ever set (blocks and tombstones).
    std::uint64_t cellCount() const;
    // The WorldDigest value of the visible content.
    std::uint64_t digest() const;
    // The digest as 16 hex digits.
    std::string digestHex() const;
    // Calls `visit` for every cell ever set, chunk by chunk, under the shared lock (do not call back into
    // this World's writers from the visitor).
    void forEachCell(const std::function<void(const CellView&)>& visit) const;

    // The chunk holding cell (x, y).
    static ChunkCoord chunkOf(std::int32_t x, std::int32_t y);
    // Chunks whose state changed since the last call (each once, in the order they first changed), and
    // forgets them: what an incremental checkpoint must write.
    std::vector<ChunkCoord> takeChangedChunks();
    // Records chunks as changed again (writing their checkpoint failed).
    void markChanged(std::span<const ChunkCoord> chunks);
    // Records every chunk as changed (the next checkpoint writes the whole world).
    void markAllChanged();
    // Every cell ever set in the chunk (tombstones included) as changes, in cell order; empty when none.
    std::vector<codec::BlockChange> chunkCells(ChunkCoord chunk) const;
    // Every chunk holding at least one cell ever set, sorted by (cx, cy).
    std::vector<ChunkSummary> chunkSummaries() const;
    // Chunks holding at least one cell ever set.
    std::uint64_t chunkCount() const;

  private:
    struct Cell {
        std::uint64_t hlc = 0;
        std::uint16_t type = 0;
        std::uint16_t region = 0;  // index into regions_; 0 = never set
    };
    struct Chunk {
        std::array<Cell, kChunkSide * kChunkSide> cells{};
        std::uint64_t key = 0;  // chunkKey of its cells
        bool changed = false;   // listed in changed_
    };
    struct Region {
        std::string id;
        std::uint64_t hash;
    };

    ApplyOutcome applyLocked(const codec::BlockChange& change);
    // Applies one change of region index `region` to `cell` of `chunk`.
    ApplyOutcome applyCell(Chunk& chunk, Cell& cell, const codec::BlockChange& change, std::uint16_t region);
    // Applies changes of one region (index `region`, id `origin`), prefetching the cells a few changes ahead
    // (random writes over a large area miss the cache on nearly every cell).
    ApplyCounts applyRunLocked(std::uint16_t region, std::string_view origin,
                               std::span<const codec::BlockChange> changes,
                               std::vector<codec::BlockChange>* tookEffect);
    ApplyCounts applyAllLocked(std::span<const codec::BlockChange> changes,
                               std::vector<codec::BlockChange>* tookEffect);
    // The chunk with `key`, created when missing; the last one found is remembered (writers only).
    Chunk& chunkFor(std::uint64_t key);
    const Chunk* findChunk(std::uint64_t key) const { return index_.find(key); }
    void markChangedLocked(Chunk& chunk);
    std::uint16_t internRegion(std::string_view id);
    // (hlc, region id, type) of a against b: <0, 0, >0.
    int compare(std::uint64_t hlc_a, std::uint16_t region_a, std::uint16_t type_a, const Cell& b) const;
    std::uint64_t hashOf(std::int32_t x, std::int32_t y, const Cell& cell) const;

    static std::uint64_t chunkKey(std::int32_t x, std::int32_t y);
    static std::uint64_t keyOf(ChunkCoord chunk);
    static ChunkCoord coordOf(std::uint64_t key);
    static std::size_t cellIndex(std::int32_t x, std::int32_t y);

    mutable std::shared_mutex mutex_;
    std::vector<std::unique_ptr<Chunk>> chunks_;  // in the order they were created
    ChunkTable<Chunk> index_;                     // chunk key -> chunk
    Chunk* lastChunk_ = nullptr;                  // the chunk chunkFor() returned last

    std::vector<std::uint64_t> changed_;  // keys of the chunks changed since takeChangedChunks()
    std::vector<Region> regions_;         // regions_[0] is the "never set" placeholder
    std::unordered_map<std::string, std::uint16_t> region_index_;
    std::uint16_t last_region_ = 0;  // most changes in a row share one origin
    WorldDigest digest_;
    std::uint64_t blocks_ = 0;
    std::uint64_t cells_ = 0;
};

}  // namespace mmo::world
