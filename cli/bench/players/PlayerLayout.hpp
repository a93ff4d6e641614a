#pragma once

#include <cstdint>

namespace mmo::cli::bench::players {

// Where the simulated players of a region stand: on a square grid whose spacing gives each about
// `nearby` others within `radius` cells (the node's game.nearby_radius), so the POSITIONS fan-out per
// player does not grow with the number of players. Every region uses the same layout: player i of one
// region watches the same cells as player i of another, so places cross regions to someone watching.
struct PlayerLayout {
    int players = 1;
    int nearby = 32;
    double radius = 64;
    int view = 32;  // side of the square a player subscribes to and places in, centred on its home

    // Side of the square the players fill.
    double side() const;
    // The home of player `index` (0-based): the centre of its grid cell.
    double homeX(int index) const;
    double homeY(int index) const;
    // The subscribed square of player `index`: its lower corner (side `view`).
    std::int32_t viewX(int index) const;
    std::int32_t viewY(int index) const;

  private:
    int columns() const;
};

}  // namespace mmo::cli::bench::players
