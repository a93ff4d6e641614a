#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/world/CheckpointFormat.hpp"

namespace mmo::sync {

// Stream messages a region needed that the stream no longer holds and no checkpoint covers.
struct MissingRange {
    std::uint64_t from = 0;
    std::uint64_t to = 0;
    std::uint64_t count() const { return to - from + 1; }
    friend bool operator==(const MissingRange&, const MissingRange&) = default;
};

// What a starting region knows before it consumes the stream.
struct BootstrapInput {
    bool hasSnapshot = false;       // a snapshot was loaded from the data dir
    std::uint64_t resumeAfter = 0;  // the snapshot's stream position (0 without one)
    std::uint64_t streamFirst = 0;  // the event stream's first sequence (0 or 1 when nothing was dropped)
    std::uint64_t streamLast = 0;   // its last sequence
    std::vector<world::CheckpointRound> rounds;  // every region's last checkpoint round
};

// What it does: load one region's checkpoint set (or none), then consume after resumeAfter.
struct BootstrapPlan {
    std::optional<world::CheckpointRound> load;
    // False when `load` is from an earlier stream of the same name (deleted and created again): its cells
    // are the old world, but its stream positions mean nothing in this stream.
    bool roundPositionsApply = true;
    std::uint64_t resumeAfter = 0;
    std::optional<MissingRange> missing;  // set when the world stays incomplete
};

// The decision of docs/sync.md, "Bootstrap": a region with a snapshot that the stream still continues
// loads nothing; otherwise it loads the newest checkpoint set whose round the stream continues (the
// fastest complete start), or, when none does, the newest set there is and reports what is missing.
// Rounds past the stream's last sequence come from an earlier stream of the same name: a region without
// a snapshot loads the newest of them (the old world) only when no round of this stream exists, and
// consumes this stream from its start.
BootstrapPlan planBootstrap(const BootstrapInput& input);

}  // namespace mmo::sync
