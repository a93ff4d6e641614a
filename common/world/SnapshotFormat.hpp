#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"

namespace mmo::world {

// The bytes of a world snapshot ("MMOS" v1, docs/sync-wire-format.md), apart from any file handling.
class SnapshotFormat {
  public:
    static constexpr std::size_t kHeaderSize = 20;

    // The snapshot of `world` with `positions`.
    static std::vector<std::uint8_t> encode(const World& world, const SyncPositions& positions);
    // Checks and parses `bytes` completely, then applies its cells to `into` and returns its positions.
    // Throws SnapshotError naming `file` (used only in messages) and leaves `into` untouched when any
    // part is invalid. Never reads outside `bytes`.
    static SyncPositions decode(std::span<const std::uint8_t> bytes, const std::filesystem::path& file,
                                World& into);
};

}  // namespace mmo::world
