#include "node/game/AreaIndex.hpp"

#include <algorithm>

namespace mmo::game {

std::uint64_t AreaIndex::tileKey(std::int64_t tx, std::int64_t ty) {
    // Tiles of 32-bit cells fit in 27 bits each (signed); packed into one key.
    return (static_cast<std::uint64_t>(tx) << 32) ^ static_cast<std::uint32_t>(ty);
}

bool AreaIndex::isWide(const SubscribedArea& area) {
    const auto columns = ((area.x1 - 1) >> kTileShift) - (area.x0 >> kTileShift) + 1;
    const auto rows = ((area.y1 - 1) >> kTileShift) - (area.y0 >> kTileShift) + 1;
    return columns * rows > kMaxTiles;
}

template <typename Visit>
void AreaIndex::forEachTile(const SubscribedArea& area, Visit visit) {
    for (auto tx = area.x0 >> kTileShift; tx <= (area.x1 - 1) >> kTileShift; ++tx)
        for (auto ty = area.y0 >> kTileShift; ty <= (area.y1 - 1) >> kTileShift; ++ty) visit(tileKey(tx, ty));
}

void AreaIndex::set(std::uint64_t session, const SubscribedArea& area) {
    erase(session);
    if (area.x1 <= area.x0 || area.y1 <= area.y0) return;  // empty: nothing can land in it
    areas_[session] = area;
    if (isWide(area)) {
        wide_.push_back({session, area});
        return;
    }
    forEachTile(area, [&](std::uint64_t key) { tiles_[key].push_back({session, area}); });
}

void AreaIndex::erase(std::uint64_t session) {
    const auto it = areas_.find(session);
    if (it == areas_.end()) return;
    const auto area = it->second;
    areas_.erase(it);
    const auto other = [session](const Member& m) { return m.session == session; };
    if (isWide(area)) {
        std::erase_if(wide_, other);
        return;
    }
    forEachTile(area, [&](std::uint64_t key) {
        const auto tile = tiles_.find(key);
        if (tile == tiles_.end()) return;
        std::erase_if(tile->second, other);
        if (tile->second.empty()) tiles_.erase(tile);
    });
}

std::vector<std::pair<std::uint64_t, std::vector<codec::BlockChange>>> AreaIndex::route(
    const std::vector<codec::BlockChange>& changes) const {
    std::vector<std::pair<std::uint64_t, std::vector<codec::BlockChange>>> routed;
    std::unordered_map<std::uint64_t, std::size_t> slot;  // session -> index in routed
    const auto deliver = [&](const Member& m, const codec::BlockChange& c) {
        if (!m.area.contains(c.x, c.y)) return;
        const auto [it, added] = slot.try_emplace(m.session, routed.size());
        if (added) routed.emplace_back(m.session, std::vector<codec::BlockChange>{});
        routed[it->second].second.push_back(c);
    };
    for (const auto& c : changes) {
        const auto tile =
            tiles_.find(tileKey(std::int64_t{c.x} >> kTileShift, std::int64_t{c.y} >> kTileShift));
        if (tile != tiles_.end())
            for (const auto& m : tile->second) deliver(m, c);
        for (const auto& m : wide_) deliver(m, c);
    }
    return routed;
}

}  // namespace mmo::game
