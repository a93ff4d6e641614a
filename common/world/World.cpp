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

World::Chunk& World::chunkFor(std::uint64_t key) {
    if (lastChunk_ != nullptr && lastChunk_->key == key) return *lastChunk_;
    Chunk* chunk = index_.find(key);
    if (chunk == nullptr) {
        auto created = std::make_unique<Chunk>();
        created->key = key;
        chunk = created.get();
        chunks_.push_back(std::move(created));
        index_.insert(key, chunk);
    }
    lastChunk_ = chunk;
    return *chunk;
}

ApplyOutcome World::applyCell(Chunk& chunk, Cell& cell, const codec::BlockChange& change,
                              std::uint16_t region) {
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
    markChangedLocked(chunk);
    return ApplyOutcome::Applied;
}

ApplyOutcome World::applyLocked(const codec::BlockChange& change) {
    if (change.origin.empty()) throw std::invalid_argument("a block change needs its origin region");
    const std::uint16_t region = internRegion(change.origin);
    Chunk& chunk = chunkFor(chunkKey(change.x, change.y));
    return applyCell(chunk, chunk.cells[cellIndex(change.x, change.y)], change, region);
}

void World::markChangedLocked(Chunk& chunk) {
    if (chunk.changed) return;
    chunk.changed = true;
    changed_.push_back(chunk.key);
}

namespace {
void count(ApplyOutcome outcome, ApplyCounts& counts) {
    switch (outcome) {
        case ApplyOutcome::Applied:
            ++counts.applied;
            break;
        case ApplyOutcome::Stale:
            ++counts.stale;
            break;
        case ApplyOutcome::Duplicate:
            ++counts.duplicate;
            break;
    }
}
}  // namespace

ApplyCounts World::applyRunLocked(std::uint16_t region, std::string_view origin,
                                  std::span<const codec::BlockChange> changes,
                                  std::vector<codec::BlockChange>* tookEffect) {
    // Cells of random writes are scattered over megabytes: each one is a cache miss. Looking the cells up
    // kAhead changes early and prefetching them lets those misses overlap instead of queueing one by one.
    constexpr std::size_t kAhead = 8;
    struct Target {
        Chunk* chunk = nullptr;  // nullptr: the chunk did not exist at lookup (it may by now)
        Cell* cell = nullptr;
    };
    std::array<Target, kAhead> ahead{};  // ahead[i % kAhead]: where change i goes
    const auto lookUp = [&](std::size_t i) {
        const codec::BlockChange& change = changes[i];
        Target& target = ahead[i % kAhead];
        target.chunk = index_.find(chunkKey(change.x, change.y));
        if (target.chunk == nullptr) return;
        target.cell = &target.chunk->cells[cellIndex(change.x, change.y)];
        __builtin_prefetch(target.cell, 1);
    };
    for (std::size_t i = 0; i < std::min(kAhead, changes.size()); ++i) lookUp(i);
    ApplyCounts counts;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const codec::BlockChange& change = changes[i];
        Target target = ahead[i % kAhead];
        if (target.chunk == nullptr) {
            target.chunk = &chunkFor(chunkKey(change.x, change.y));
            target.cell = &target.chunk->cells[cellIndex(change.x, change.y)];
        }
        if (i + kAhead < changes.size()) lookUp(i + kAhead);
        const ApplyOutcome outcome = applyCell(*target.chunk, *target.cell, change, region);
        count(outcome, counts);
        if (tookEffect && outcome == ApplyOutcome::Applied) {
            tookEffect->push_back(change);
            if (tookEffect->back().origin != origin) tookEffect->back().origin.assign(origin);
        }
    }
    return counts;
}

ApplyCounts World::applyAllLocked(std::span<const codec::BlockChange> changes,
                                  std::vector<codec::BlockChange>* tookEffect) {
    ApplyCounts counts;
    // Runs of one origin (a decoded batch is one run) go through the prefetching path.
    std::size_t begin = 0;
    while (begin < changes.size()) {
        const std::string& origin = changes[begin].origin;
        if (origin.empty()) throw std::invalid_argument("a block change needs its origin region");
        std::size_t end = begin + 1;
        while (end < changes.size() && changes[end].origin == origin) ++end;
        const ApplyCounts run =
            applyRunLocked(internRegion(origin), origin, changes.subspan(begin, end - begin), tookEffect);
        counts.applied += run.applied;
        counts.stale += run.stale;
        counts.duplicate += run.duplicate;
        begin = end;
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

ApplyCounts World::applyFrom(std::string_view origin, std::span<const codec::BlockChange> changes,
                             std::vector<codec::BlockChange>* tookEffect) {
    if (origin.empty()) throw std::invalid_argument("a block change needs its origin region");
    if (tookEffect) tookEffect->reserve(tookEffect->size() + changes.size());
    std::unique_lock lock(mutex_);
    return applyRunLocked(internRegion(origin), origin, changes, tookEffect);
}

BlockState World::get(std::int32_t x, std::int32_t y) const {
    std::shared_lock lock(mutex_);
    const Chunk* chunk = findChunk(chunkKey(x, y));
    if (chunk == nullptr) return {};
    const Cell& cell = chunk->cells[cellIndex(x, y)];
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
    for (const auto& chunk : chunks_) {
        const auto base_x =
            static_cast<std::int32_t>(static_cast<std::uint32_t>(chunk->key >> 32) << kChunkBits);
        const auto base_y = static_cast<std::int32_t>(static_cast<std::uint32_t>(chunk->key) << kChunkBits);
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
        index_.find(key)->changed = false;
        taken.push_back(coordOf(key));
    }
    changed_.clear();
    return taken;
}

void World::markChanged(std::span<const ChunkCoord> chunks) {
    std::unique_lock lock(mutex_);
    for (const ChunkCoord coord : chunks) {
        if (Chunk* chunk = index_.find(keyOf(coord))) markChangedLocked(*chunk);
    }
}

void World::markAllChanged() {
    std::unique_lock lock(mutex_);
    for (auto& chunk : chunks_) markChangedLocked(*chunk);
}

std::vector<codec::BlockChange> World::chunkCells(ChunkCoord coord) const {
    std::vector<codec::BlockChange> cells;
    std::shared_lock lock(mutex_);
    const Chunk* chunk = findChunk(keyOf(coord));
    if (chunk == nullptr) return cells;
    const std::int32_t base_x = static_cast<std::int32_t>(static_cast<std::uint32_t>(coord.cx) << kChunkBits);
    const std::int32_t base_y = static_cast<std::int32_t>(static_cast<std::uint32_t>(coord.cy) << kChunkBits);
    for (std::size_t i = 0; i < chunk->cells.size(); ++i) {
        const Cell& cell = chunk->cells[i];
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
    for (const auto& chunk : chunks_) {
        ChunkSummary summary;
        summary.chunk = coordOf(chunk->key);
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
