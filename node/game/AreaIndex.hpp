#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "node/game/SubscribedArea.hpp"

namespace mmo::game {

// The sessions' subscribed areas, indexed by 64x64 tiles, so that routing an applied change looks only at
// the areas that overlap its tile instead of at every session's area. An area wider than kMaxTiles tiles
// (game.max_area_side can be large) is kept on a short list that every change checks. Not thread-safe:
// GameServer guards it with its mutex.
class AreaIndex {
  public:
    static constexpr int kTileShift = 6;           // 64 cells
    static constexpr std::int64_t kMaxTiles = 64;  // per area; more: the wide list

    // Sets (or replaces) a session's area; an empty area receives nothing.
    void set(std::uint64_t session, const SubscribedArea& area);
    void erase(std::uint64_t session);
    std::size_t size() const { return areas_.size(); }

    // For every session whose area holds at least one of `changes`: the session and those changes, in
    // their order in `changes`.
    std::vector<std::pair<std::uint64_t, std::vector<codec::BlockChange>>> route(
        const std::vector<codec::BlockChange>& changes) const;

  private:
    struct Member {
        std::uint64_t session;
        SubscribedArea area;
    };
    static std::uint64_t tileKey(std::int64_t tx, std::int64_t ty);
    template <typename Visit>
    static void forEachTile(const SubscribedArea& area, Visit visit);
    static bool isWide(const SubscribedArea& area);

    std::unordered_map<std::uint64_t, SubscribedArea> areas_;
    std::unordered_map<std::uint64_t, std::vector<Member>> tiles_;
    std::vector<Member> wide_;
};

}  // namespace mmo::game
