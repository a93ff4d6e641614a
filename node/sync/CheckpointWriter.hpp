#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "common/codec/GzipCompressor.hpp"
#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"
#include "node/sync/CheckpointMetrics.hpp"
#include "node/sync/SyncClock.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::sync {

// Writes this region's checkpoint rounds to the world store (docs/sync.md, "Checkpoints"): every
// interval, each chunk that changed since the last round as one "MMOC" message on
// <stream>_WORLD.chunk.<region>.<cx>.<cy>, then the "MMOR" round record naming the stream position they
// cover. The position is read before the chunks, so a chunk holds at least what the round claims. A
// round whose chunks were not all stored writes no record and leaves them marked changed for the next
// one. When its last round record is not in the store as it wrote it (store deleted, purged, or a new
// start), the next round writes every chunk. Writes nothing while the world is incomplete. Own thread.
class CheckpointWriter {
  public:
    using PositionsSource = std::function<world::SyncPositions()>;
    using CompleteCheck = std::function<bool()>;

    CheckpointWriter(eventbus::BusSettings bus, std::chrono::seconds interval, bool gzip, world::World& world,
                     PositionsSource positions, CompleteCheck complete, CheckpointMetrics& metrics,
                     std::shared_ptr<spdlog::logger> logger, SyncClock& time);
    ~CheckpointWriter();
    CheckpointWriter(const CheckpointWriter&) = delete;
    CheckpointWriter& operator=(const CheckpointWriter&) = delete;

    void attach(std::shared_ptr<eventbus::NatsConnection> connection);
    void start();
    void stop();
    // One round now, on the calling thread; true when its round record was stored.
    bool writeRound();

  private:
    void run();

    const eventbus::BusSettings bus_;
    const std::chrono::seconds interval_;
    std::unique_ptr<codec::GzipCompressor> gzip_;  // null: checkpoints uncompressed
    world::World& world_;
    PositionsSource positions_;
    CompleteCheck complete_;
    CheckpointMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;

    Worker worker_;
    std::mutex& mutex_ = worker_.mutex();
    std::shared_ptr<eventbus::NatsConnection> connection_;
    std::mutex roundMutex_;                     // one round at a time
    std::optional<std::uint64_t> lastWritten_;  // stream seq of the last round record this node stored
    bool toldIncomplete_ = false;
};

}  // namespace mmo::sync
