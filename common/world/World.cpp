#include "common/world/World.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace mmo::world {

World::World() {
    regions_.push_back(Region{"", 0});
}

World::~World() = default;

std::uint64_t World::chunkKey(std::int32_t x, std::int32_t y) {
    // Arithmetic shift floors negative coordinates into the chunk below, so chunks tile the plane.
    const auto cx = static_cast<std::uint32_t>(x >> kChunkBits);
    const auto cy = static_cast<std::uint32_t>(y >> kChunkBits);
    return (static_cast<std::uint64_t>(cx) << 32) | cy;
}

std::uint64_t World::keyOf(ChunkCoord chunk) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(chunk.cx)) << 32) |
           static_cast<std::uint32_t>(chunk.cy);
}

ChunkCoord World::coordOf(std::uint64_t key) {
    return ChunkCoord{static_cast<std::int32_t>(static_cast<std::uint32_t>(key >> 32)),
                      static_cast<std::int32_t>(static_cast<std::uint32_t>(key))};
}

ChunkCoord World::chunkOf(std::int32_t x, std::int32_t y) {
    return coordOf(chunkKey(x, y));
}

std::size_t World::cellIndex(std::int32_t x, std::int32_t y) {
    const auto lx = static_cast<std::size_t>(x & (kChunkSide - 1));
    const auto ly = static_cast<std::size_t>(y & (kChunkSide - 1));
    return ly * kChunkSide + lx;
}

std::uint16_t World::internRegion(std::string_view id) {
    if (last_region_ != 0 && regions_[last_region_].id == id) return last_region_;
    if (auto it = region_index_.find(std::string(id)); it != region_index_.end())
        return last_region_ = it->second;
    if (regions_.size() > std::numeric_limits<std::uint16_t>::max())
        throw std::length_error("World holds at most 65535 distinct origin regions");
    const auto index = static_cast<std::uint16_t>(regions_.size());
    regions_.push_back(Region{std::string(id), WorldDigest::regionHash(id)});
    region_index_.emplace(std::string(id), index);
    return last_region_ = index;
}

int World::compare(std::uint64_t hlc_a, std::uint16_t region_a, std::uint16_t type_a, const Cell& b) const {
    if (hlc_a != b.hlc) return hlc_a < b.hlc ? -1 : 1;
    if (region_a != b.region) {
        const int by_id = regions_[region_a].id.compare(regions_[b.region].id);
        return by_id < 0 ? -1 : 1;  // distinct indices always name distinct ids
    }
    if (type_a != b.type) return type_a < b.type ? -1 : 1;
    return 0;
}

std::uint64_t World::hashOf(std::int32_t x, std::int32_t y, const Cell& cell) const {
    return WorldDigest::cellHash(x, y, cell.type, cell.hlc, regions_[cell.region].hash);
}

ApplyOutcome World::applyLocked(const codec::BlockChange& change) {
    if (change.origin.empty()) throw std::invalid_argument("a block change needs its origin region");
    const std::uint16_t region = internRegion(change.origin);
    const std::uint64_t key = chunkKey(change.x, change.y);
    std::unique_ptr<Chunk>& chunk = chunks_[key];
    if (!chunk) chunk = std::make_unique<Chunk>();
    Cell& cell = chunk->cells[cellIndex(change.x, change.y)];
    if (cell.region != 0) {
        const int order = compare(change.hlc, region, change.type, cell);
        if (order == 0) return ApplyOutcome::Duplicate;
        if (order < 0) return ApplyOutcome::Stale;
        if (cell.type != 0) {
            digest_.remove(hashOf(change.x, change.y, cell));
            --blocks_;
        }
    } else {
        ++cells_;
    }
    cell = Cell{change.hlc, change.type, region};
    if (cell.type != 0) {
        digest_.add(hashOf(change.x, change.y, cell));
        ++blocks_;
    }
    markChangedLocked(key, *chunk);
    return ApplyOutcome::Applied;
}

void World::markChangedLocked(std::uint64_t key, Chunk& chunk) {
    if (chunk.changed) return;
    chunk.changed = true;
    changed_.push_back(key);
}

ApplyCounts World::applyAllLocked(std::span<const codec::BlockChange> changes,
                                  std::vector<codec::BlockChange>* tookEffect) {
    ApplyCounts counts;
    for (const codec::BlockChange& change : changes) {
        switch (applyLocked(change)) {
            case ApplyOutcome::Applied:
                ++counts.applied;
                if (tookEffect) tookEffect->push_back(change);
                break;
            case ApplyOutcome::Stale:
                ++counts.stale;
                break;
            case ApplyOutcome::Duplicate:
                ++counts.duplicate;
                break;
        }
    }
    return counts;
}

ApplyOutcome World::apply(const codec::BlockChange& change) {
    std::unique_lock lock(mutex_);
    return applyLocked(change);
}

ApplyCounts World::apply(const codec::Batch& batch) {
    std::unique_lock lock(mutex_);
    return applyAllLocked(batch.changes, nullptr);
}

ApplyCounts World::apply(std::span<const codec::BlockChange> changes,
                         std::vector<codec::BlockChange>* tookEffect) {
    std::unique_lock lock(mutex_);
    return applyAllLocked(changes, tookEffect);
}

BlockState World::get(std::int32_t x, std::int32_t y) const {
    std::shared_lock lock(mutex_);
    const auto it = chunks_.find(chunkKey(x, y));
    if (it == chunks_.end()) return {};
    const Cell& cell = it->second->cells[cellIndex(x, y)];
    return BlockState{cell.type, cell.hlc, regions_[cell.region].id};
}

std::uint64_t World::blockCount() const {
    std::shared_lock lock(mutex_);
    return blocks_;
}

std::uint64_t World::cellCount() const {
    std::shared_lock lock(mutex_);
    return cells_;
}

std::uint64_t World::digest() const {
    std::shared_lock lock(mutex_);
    return digest_.value();
}

std::string World::digestHex() const {
    return WorldDigest::toHex(digest());
}

void World::forEachCell(const std::function<void(const CellView&)>& visit) const {
    std::shared_lock lock(mutex_);
    for (const auto& [key, chunk] : chunks_) {
        const auto base_x = static_cast<std::int32_t>(static_cast<std::uint32_t>(key >> 32) << kChunkBits);
        const auto base_y = static_cast<std::int32_t>(static_cast<std::uint32_t>(key) << kChunkBits);
        for (std::size_t i = 0; i < chunk->cells.size(); ++i) {
            const Cell& cell = chunk->cells[i];
            if (cell.region == 0) continue;
            const auto x = base_x + static_cast<std::int32_t>(i % kChunkSide);
            const auto y = base_y + static_cast<std::int32_t>(i / kChunkSide);
            visit(CellView{x, y, cell.type, cell.hlc, regions_[cell.region].id});
        }
    }
}

std::vector<ChunkCoord> World::takeChangedChunks() {
    std::unique_lock lock(mutex_);
    std::vector<ChunkCoord> taken;
    taken.reserve(changed_.size());
    for (const std::uint64_t key : changed_) {
        chunks_.at(key)->changed = false;
        taken.push_back(coordOf(key));
    }
    changed_.clear();
    return taken;
}

void World::markChanged(std::span<const ChunkCoord> chunks) {
    std::unique_lock lock(mutex_);
    for (const ChunkCoord coord : chunks) {
        const auto it = chunks_.find(keyOf(coord));
        if (it != chunks_.end()) markChangedLocked(it->first, *it->second);
    }
}

void World::markAllChanged() {
    std::unique_lock lock(mutex_);
    for (auto& [key, chunk] : chunks_) markChangedLocked(key, *chunk);
}

std::vector<codec::BlockChange> World::chunkCells(ChunkCoord coord) const {
    std::vector<codec::BlockChange> cells;
    std::shared_lock lock(mutex_);
    const auto it = chunks_.find(keyOf(coord));
    if (it == chunks_.end()) return cells;
    const std::int32_t base_x = static_cast<std::int32_t>(static_cast<std::uint32_t>(coord.cx) << kChunkBits);
    const std::int32_t base_y = static_cast<std::int32_t>(static_cast<std::uint32_t>(coord.cy) << kChunkBits);
    for (std::size_t i = 0; i < it->second->cells.size(); ++i) {
        const Cell& cell = it->second->cells[i];
        if (cell.region == 0) continue;
        cells.push_back(codec::BlockChange{base_x + static_cast<std::int32_t>(i % kChunkSide),
                                           base_y + static_cast<std::int32_t>(i / kChunkSide), cell.type,
                                           cell.hlc, regions_[cell.region].id});
    }
    return cells;
}

std::vector<ChunkSummary> World::chunkSummaries() const {
    std::vector<ChunkSummary> summaries;
    std::shared_lock lock(mutex_);
    summaries.reserve(chunks_.size());
    for (const auto& [key, chunk] : chunks_) {
        ChunkSummary summary;
        summary.chunk = coordOf(key);
        const std::int32_t base_x =
            static_cast<std::int32_t>(static_cast<std::uint32_t>(summary.chunk.cx) << kChunkBits);
        const std::int32_t base_y =
            static_cast<std::int32_t>(static_cast<std::uint32_t>(summary.chunk.cy) << kChunkBits);
        WorldDigest digest;
        for (std::size_t i = 0; i < chunk->cells.size(); ++i) {
            const Cell& cell = chunk->cells[i];
            if (cell.region == 0) continue;
            ++summary.cells;
            if (cell.type == 0) continue;
            ++summary.blocks;
            digest.add(hashOf(base_x + static_cast<std::int32_t>(i % kChunkSide),
                              base_y + static_cast<std::int32_t>(i / kChunkSide), cell));
        }
        summary.digest = digest.value();
        if (summary.cells > 0) summaries.push_back(summary);
    }
    lock.unlock();
    std::sort(summaries.begin(), summaries.end(),
              [](const ChunkSummary& a, const ChunkSummary& b) { return a.chunk < b.chunk; });
    return summaries;
}

std::uint64_t World::chunkCount() const {
    std::shared_lock lock(mutex_);
    return chunks_.size();
}

}  // namespace mmo::world
