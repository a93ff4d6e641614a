#include "common/world/World.hpp"

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
    std::unique_ptr<Chunk>& chunk = chunks_[chunkKey(change.x, change.y)];
    if (!chunk) chunk = std::make_unique<Chunk>();
    Cell& cell = (*chunk)[cellIndex(change.x, change.y)];
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
    return ApplyOutcome::Applied;
}

ApplyOutcome World::apply(const codec::BlockChange& change) {
    std::unique_lock lock(mutex_);
    return applyLocked(change);
}

ApplyCounts World::apply(const codec::Batch& batch) {
    ApplyCounts counts;
    std::unique_lock lock(mutex_);
    for (const codec::BlockChange& change : batch.changes) {
        switch (applyLocked(change)) {
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
    return counts;
}

BlockState World::get(std::int32_t x, std::int32_t y) const {
    std::shared_lock lock(mutex_);
    const auto it = chunks_.find(chunkKey(x, y));
    if (it == chunks_.end()) return {};
    const Cell& cell = (*it->second)[cellIndex(x, y)];
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
        for (std::size_t i = 0; i < chunk->size(); ++i) {
            const Cell& cell = (*chunk)[i];
            if (cell.region == 0) continue;
            const auto x = base_x + static_cast<std::int32_t>(i % kChunkSide);
            const auto y = base_y + static_cast<std::int32_t>(i / kChunkSide);
            visit(CellView{x, y, cell.type, cell.hlc, regions_[cell.region].id});
        }
    }
}

}  // namespace mmo::world
