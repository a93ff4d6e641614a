#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace mmo::world {

// How far one source region's batches have been applied.
struct SourcePosition {
    std::uint64_t batch_seq = 0;   // last batch sequence of that region applied here
    std::uint64_t stream_seq = 0;  // stream sequence of the message that carried it

    friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

// What a snapshot has applied: per source region, and the stream position to resume consuming after.
struct SyncPositions {
    std::map<std::string, SourcePosition> sources;  // keyed by region id, includes this region's own
    std::uint64_t stream_seq = 0;                   // last stream sequence fully processed

    friend bool operator==(const SyncPositions&, const SyncPositions&) = default;
};

}  // namespace mmo::world
