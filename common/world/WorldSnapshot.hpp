#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "common/world/SnapshotError.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"

namespace mmo::world {

// Bounds for loading a snapshot.
struct SnapshotLimits {
    std::uint64_t max_file_bytes = std::uint64_t{1} << 30;  // 1 GiB
};

// Saves and loads `<data_dir>/world.snapshot`: every cell (tombstones and LWW metadata included) plus the
// SyncPositions it covers, in the "MMOS" v1 format of docs/sync-wire-format.md (20-byte header with the
// body size and CRC-32, then a varint body). A save is atomic: temp file, fsync, rename, fsync of the
// directory, so a crash leaves the old snapshot or the new one, never a mix.
class WorldSnapshot {
  public:
    static constexpr const char* kFileName = "world.snapshot";

    // Writes the snapshot; throws SnapshotError (Io) naming the file on failure. Take `positions` before
    // reading the world: a snapshot may then hold more than its positions claim (replay is idempotent),
    // never less.
    static void save(const std::filesystem::path& data_dir, const World& world,
                     const SyncPositions& positions);
    // Applies the snapshot's cells to `into` (normally empty) and returns its positions; std::nullopt when
    // there is no snapshot file. A damaged file throws SnapshotError naming it, and leaves `into` untouched.
    static std::optional<SyncPositions> load(const std::filesystem::path& data_dir, World& into,
                                             const SnapshotLimits& limits = {});
    // `<data_dir>/world.snapshot`.
    static std::filesystem::path pathIn(const std::filesystem::path& data_dir) {
        return data_dir / kFileName;
    }
};

}  // namespace mmo::world
