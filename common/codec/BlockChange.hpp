#pragma once

#include <cstdint>
#include <string>

namespace mmo::codec {

// One block write in the world. type 0 is air: the change removes the block.
struct BlockChange {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::uint16_t type = 0;  // block type id (docs/sync-wire-format.md has the table)
    std::uint64_t hlc = 0;   // HybridLogicalClock timestamp of the write
    std::string origin;      // region id that made the write

    friend bool operator==(const BlockChange&, const BlockChange&) = default;
};

}  // namespace mmo::codec
