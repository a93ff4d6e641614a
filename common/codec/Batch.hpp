#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"

namespace mmo::codec {

// The unit a region publishes: changes it made, numbered per region from 1 upwards. Every change has the
// batch's origin (the wire carries the region once, in the header). The order of changes carries no
// meaning: the world applies them last-writer-wins.
struct Batch {
    std::string origin;             // region id of every change in the batch
    std::uint64_t sequence = 0;     // per-origin batch number, 1, 2, 3, ...
    std::uint64_t created_hlc = 0;  // HLC when the batch was sealed
    std::vector<BlockChange> changes;

    friend bool operator==(const Batch&, const Batch&) = default;
};

}  // namespace mmo::codec
