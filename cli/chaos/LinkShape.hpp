#pragma once

#include <chrono>
#include <cstdint>

namespace mmo::cli::chaos {

// How a region's link to NATS behaves: what `up --wan/--wan-jitter/--wan-rate` and `chaos set` shape.
// Each applies to both directions of every connection of the region, separately.
struct LinkShape {
    std::chrono::milliseconds latency{0};  // added one way, in each direction
    std::chrono::milliseconds jitter{0};   // each chunk's delay varies uniformly within +-jitter
    std::uint64_t rateBitsPerSecond = 0;   // per direction, shared by the region's connections; 0: unlimited
};

}  // namespace mmo::cli::chaos
