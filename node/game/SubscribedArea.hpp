#pragma once

#include <cstdint>

namespace mmo::game {

// A subscribed rectangle: x in [x0, x1), y in [y0, y1) (64-bit so that x0 + width cannot overflow).
struct SubscribedArea {
    std::int64_t x0 = 0;
    std::int64_t y0 = 0;
    std::int64_t x1 = 0;
    std::int64_t y1 = 0;

    bool contains(std::int64_t x, std::int64_t y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

}  // namespace mmo::game
