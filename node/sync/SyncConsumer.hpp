#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"
#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/eventbus/PullConsumer.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"
#include "node/sync/SyncMetrics.hpp"
#include "node/sync/SyncTypes.hpp"
#include "node/sync/Worker.hpp"
#include "node/sync/WorldBootstrap.hpp"

namespace mmo::sync {

// What happened to one message.
enum class ConsumeOutcome { Applied, Duplicate, Rejected };

// Applies every region's batches from the stream to this region's world: decodes with hard bounds,
// applies last-writer-wins (idempotent, order-independent), acknowledges, and records how far it got
// (the positions a snapshot stores, so a restart resumes right after them). Its own region's batches
// are applied too (a no-op normally; after a crash they bring back what the snapshot missed) but are
// not counted as consumed. A message that does not decode is counted, logged with its source, acked
// and skipped: one poison message must not stop the sync. Runs its own thread.
class SyncConsumer {
  public:
    SyncConsumer(eventbus::BusSettings bus, codec::DecodeLimits limits, world::World& world,
                 codec::HybridLogicalClock& clock, SyncMetrics& metrics,
                 std::shared_ptr<spdlog::logger> logger, world::SyncPositions initial, SyncClock& time);
    ~SyncConsumer();
    SyncConsumer(const SyncConsumer&) = delete;
    SyncConsumer& operator=(const SyncConsumer&) = delete;

    // Who hears about remote changes that took effect (set before start()).
    void setAppliedObserver(AppliedChangesObserver observer) { observer_ = std::move(observer); }
    // Runs before the first fetch, and keeps looking for the missing part while the world is incomplete
    // (set before start(); none: consume after the initial positions as they are).
    void setBootstrap(WorldBootstrap* bootstrap) { bootstrap_ = bootstrap; }
    void attach(std::shared_ptr<eventbus::NatsConnection> connection);
    void start();
    void stop();

    // Decodes and applies one message's payload (the consumer thread's work; public for tests).
    ConsumeOutcome handle(std::span<const std::uint8_t> payload, const std::string& subject,
                          std::uint64_t streamSeq);
    world::SyncPositions positions() const;
    // Raises the per-source batch positions (never lowers them, never moves the stream position): the
    // world received those batches' changes another way (mmoctl repair).
    void raiseSources(const world::SyncPositions& sources);
    // True once a fetch found nothing more waiting in the stream (lag 0) since the consumer attached.
    bool caughtUp() const { return caughtUp_.load(); }

  private:
    void run();
    // Fetches and applies until stop() (true) or until the connection reconnected (false: set up again).
    bool consumeWith(eventbus::NatsConnection& connection);
    std::string sourceOf(const std::string& subject) const;
    // The bootstrap's run(), once: true when done (or none), false after a failure (retry later).
    bool bootstrapWith(eventbus::NatsConnection& connection);
    // While the world is incomplete, looks (every few seconds) for a checkpoint round that covers it.
    void lookForMissing(eventbus::NatsConnection& connection);
    void publishAppliedGauges(const world::SyncPositions& positions);
    // caughtUp_ = true; the first time, logs how many messages it took (the replay after a start).
    void markCaughtUp();

    const eventbus::BusSettings bus_;
    const codec::DecodeLimits limits_;
    world::World& world_;
    codec::HybridLogicalClock& clock_;
    SyncMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;
    codec::BatchCodec codec_;  // consumer thread only
    AppliedChangesObserver observer_;
    WorldBootstrap* bootstrap_ = nullptr;
    SyncClock::time_point nextMissingCheck_{};  // consumer thread only
    SyncClock::time_point startedAt_{};         // set by start()
    std::uint64_t handledSinceStart_ = 0;       // consumer thread only
    bool toldCaughtUp_ = false;                 // consumer thread only

    // The consumer thread; its mutex guards the positions, the connection and active_.
    Worker worker_;
    std::mutex& mutex_ = worker_.mutex();
    world::SyncPositions positions_;
    std::shared_ptr<eventbus::NatsConnection> connection_;
    eventbus::PullConsumer* active_ = nullptr;  // the consumer thread's, so stop() can end its fetch
    std::atomic<bool> caughtUp_{false};
};

}  // namespace mmo::sync
