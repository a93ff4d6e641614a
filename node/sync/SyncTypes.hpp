#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"

namespace mmo::sync {

// The sync settings of the node config, resolved.
struct SyncSettings {
    std::string regionId;
    std::size_t batchSize = 100;
    std::chrono::nanoseconds flushEvery = std::chrono::seconds(3);
    bool gzip = true;
    std::filesystem::path dataDir;
    std::chrono::nanoseconds snapshotEvery = std::chrono::seconds(30);
    bool checkpoints = true;                               // write checkpoint rounds to the world store
    std::chrono::seconds checkpointEvery{60};              // between two rounds
    std::chrono::milliseconds shutdownDrainTimeout{5000};  // how long shutdown waits for the last PubAcks
};

// A block write requested by a player or an admin: the sync layer stamps it with the hybrid clock.
struct BlockWrite {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::uint16_t type = 0;  // 0 = air: removes the block
};

// When a submit's callback runs.
enum class AckLevel {
    Durable,    // the writes are in the fsynced outbox and applied to this region's world
    Published,  // ... and the batch holding them was acknowledged by JetStream
};

struct SubmitResult {
    bool ok = false;
    std::string error;                // why it failed (e.g. the outbox could not be written); empty when ok
    std::vector<std::uint64_t> hlcs;  // the hybrid-clock stamp of each write, in order
    std::uint64_t batchSeq = 0;       // the batch that carries the last write (0 until it is sealed)
};

using SubmitCallback = std::function<void(SubmitResult)>;

// Told about changes that took effect in the world (won last-writer-wins), local or from another region,
// right after they were applied; runs on the sync or the consumer thread, so it must be quick.
using AppliedChangesObserver = std::function<void(const std::vector<codec::BlockChange>& applied)>;

}  // namespace mmo::sync
