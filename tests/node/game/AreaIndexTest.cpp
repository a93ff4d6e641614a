// AreaIndex routes each change to exactly the sessions whose area holds it, in the order of the changes,
// like a scan of every area would (checked against that scan on random areas, negative coordinates, areas
// on tile edges, wide areas and empty ones).
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "node/game/AreaIndex.hpp"

namespace mmo::game {
namespace {

using Routed = std::map<std::uint64_t, std::vector<std::pair<std::int32_t, std::int32_t>>>;

Routed asMap(const std::vector<std::pair<std::uint64_t, std::vector<codec::BlockChange>>>& routed) {
    Routed out;
    for (const auto& [session, changes] : routed) {
        EXPECT_FALSE(changes.empty());
        EXPECT_EQ(out.count(session), 0u) << "session " << session << " routed twice";
        for (const auto& c : changes) out[session].emplace_back(c.x, c.y);
    }
    return out;
}

Routed scan(const std::map<std::uint64_t, SubscribedArea>& areas,
            const std::vector<codec::BlockChange>& changes) {
    Routed out;
    for (const auto& [session, area] : areas)
        for (const auto& c : changes)
            if (area.contains(c.x, c.y)) out[session].emplace_back(c.x, c.y);
    return out;
}

TEST(AreaIndex, RoutesLikeAScanOfEveryArea) {
    std::mt19937 random(7);
    std::uniform_int_distribution<std::int64_t> corner(-300, 300);
    std::uniform_int_distribution<std::int64_t> side(0, 130);
    AreaIndex index;
    std::map<std::uint64_t, SubscribedArea> areas;
    for (std::uint64_t session = 1; session <= 300; ++session) {
        const auto x0 = corner(random), y0 = corner(random);
        SubscribedArea area{x0, y0, x0 + side(random), y0 + side(random)};
        if (session % 50 == 0) area = {-5000, -5000, 5000, 5000};  // wide: on the short list
        index.set(session, area);
        if (area.x1 > area.x0 && area.y1 > area.y0) areas[session] = area;
    }
    // Moved and dropped areas leave no trace in the tiles they covered.
    for (std::uint64_t session = 1; session <= 300; session += 7) {
        const SubscribedArea moved{64, -64, 128, 0};  // exactly one tile
        index.set(session, moved);
        areas[session] = moved;
    }
    for (std::uint64_t session = 3; session <= 300; session += 11) {
        index.erase(session);
        areas.erase(session);
    }
    EXPECT_EQ(index.size(), areas.size());
    std::uniform_int_distribution<std::int32_t> cell(-400, 400);
    std::vector<codec::BlockChange> changes;
    for (int i = 0; i < 2000; ++i) changes.push_back({cell(random), cell(random), 1, 1, "eu"});
    for (const std::int32_t edge : {63, 64, 127, 128, -1, -64, -65, 0})
        changes.push_back({edge, edge, 1, 1, "eu"});
    EXPECT_EQ(asMap(index.route(changes)), scan(areas, changes));
}

TEST(AreaIndex, EmptyAreaGetsNothing) {
    AreaIndex index;
    index.set(1, {10, 10, 10, 20});
    EXPECT_TRUE(index.route({{10, 15, 1, 1, "eu"}}).empty());
    EXPECT_EQ(index.size(), 0u);
}

}  // namespace
}  // namespace mmo::game
