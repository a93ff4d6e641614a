#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/admin/NodeTarget.hpp"

namespace mmo::cli {

// The block whose hybrid-clock time shows that an event arrived: BlockEvent's (x, y); FillEvent's last
// cell written (max x, max y), which carries the event's highest time. nullopt for events without blocks.
std::optional<std::pair<std::int64_t, std::int64_t>> probeBlockOf(const std::string& type,
                                                                  const std::string& dataJson);

struct RegionApplied {
    std::string region;
    std::optional<std::chrono::milliseconds> after;  // since the wait began; empty: not applied in time
};

// Polls GET /api/world/block on every node except the one of region `origin` until the block's time is at
// least `hlc` (applied, or superseded by a newer write), or the timeout. Returns one entry per region polled.
std::vector<RegionApplied> waitForEvent(const std::vector<NodeTarget>& nodes, const std::string& origin,
                                        std::pair<std::int64_t, std::int64_t> block, std::uint64_t hlc,
                                        std::chrono::milliseconds timeout);

}  // namespace mmo::cli
