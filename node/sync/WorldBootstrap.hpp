#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"
#include "node/sync/BootstrapPlan.hpp"
#include "node/sync/CheckpointMetrics.hpp"

namespace mmo::sync {

// Brings a starting region's world up to where the stream continues it: when the data dir had no
// snapshot, or the stream dropped messages the snapshot needs, it loads the newest usable checkpoint set
// from the world store (BootstrapPlan.hpp) and tells the consumer where to resume. When nothing covers
// the messages the stream dropped, the world is incomplete: it says which messages are missing (log,
// sync_world_missing_messages, /readyz, <data_dir>/world.incomplete) until a checkpoint round covering
// them appears or an operator marks the world complete after `mmoctl repair`. A node whose snapshot the
// stream continues does not read the store at all. Runs on the consumer thread.
class WorldBootstrap {
  public:
    // The missing range is also kept in <dataDir>/world.incomplete, so a restart still knows it.
    static constexpr const char* kMissingFileName = "world.incomplete";

    WorldBootstrap(eventbus::BusSettings bus, world::World& world, codec::HybridLogicalClock& clock,
                   CheckpointMetrics& metrics, std::shared_ptr<spdlog::logger> logger, bool hasSnapshot,
                   std::filesystem::path dataDir);

    // Once per start, before the first fetch; returns the positions to consume after. Throws BusError
    // (the consumer retries).
    world::SyncPositions run(eventbus::NatsConnection& connection, const world::SyncPositions& current);
    // While the world is incomplete: merges a checkpoint set whose round now covers the missing messages
    // and returns true (positions updated); false when there is none yet.
    bool tryComplete(eventbus::NatsConnection& connection, world::SyncPositions& positions);
    // The operator completed the world another way (mmoctl repair).
    void markComplete(const std::string& why);

    // run() has finished.
    bool done() const { return done_.load(); }
    // The stream messages still missing, if any.
    std::optional<MissingRange> missing() const;

  private:
    // Loads `round`'s checkpoint set into the world; returns how many chunks it held.
    std::uint64_t loadSet(eventbus::NatsConnection& connection, const world::CheckpointRound& round);
    std::vector<world::CheckpointRound> readRounds(eventbus::NatsConnection& connection);
    void setMissing(std::optional<MissingRange> missing);
    std::filesystem::path missingFile() const;
    std::optional<MissingRange> readMissingFile() const;
    void writeMissingFile(const std::optional<MissingRange>& missing) const;

    const eventbus::BusSettings bus_;
    world::World& world_;
    codec::HybridLogicalClock& clock_;
    CheckpointMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;
    const bool hasSnapshot_;
    const std::filesystem::path dataDir_;
    std::atomic<bool> done_{false};
    mutable std::mutex mutex_;
    std::optional<MissingRange> missing_;
};

// `into` with every source of `from` raised to the later of the two positions.
void mergePositions(world::SyncPositions& into, const world::SyncPositions& from);

}  // namespace mmo::sync
