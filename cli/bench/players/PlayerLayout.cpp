#include "cli/bench/players/PlayerLayout.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mmo::cli::bench::players {

double PlayerLayout::side() const {
    // players * (pi r^2) / side^2 = nearby
    const double area =
        static_cast<double>(players) * std::numbers::pi * radius * radius / std::max(1, nearby);
    return std::max(1.0, std::sqrt(area));
}

int PlayerLayout::columns() const {
    return std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(players)))));
}

double PlayerLayout::homeX(int index) const {
    return (index % columns() + 0.5) * side() / columns();
}

double PlayerLayout::homeY(int index) const {
    return (index / columns() + 0.5) * side() / columns();
}

std::int32_t PlayerLayout::viewX(int index) const {
    return static_cast<std::int32_t>(std::floor(homeX(index))) - view / 2;
}

std::int32_t PlayerLayout::viewY(int index) const {
    return static_cast<std::int32_t>(std::floor(homeY(index))) - view / 2;
}

}  // namespace mmo::cli::bench::players
