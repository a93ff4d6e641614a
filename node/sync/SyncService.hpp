#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/config/NodeConfig.hpp"
#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"
#include "node/sync/BootstrapPlan.hpp"
#include "node/sync/ChatChannel.hpp"
#include "node/sync/CheckpointMetrics.hpp"
#include "node/sync/SyncClock.hpp"
#include "node/sync/SyncMetrics.hpp"
#include "node/sync/SyncTypes.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::sync {

class BatchPublisher;
class BusLink;
class CheckpointWriter;
class WorldBootstrap;
class DataDirLock;
class Outbox;
class SyncConsumer;
class SyncManager;

// The environment stopped the sync from starting (data dir in use, damaged snapshot or outbox, NATS
// unreachable with --require-nats). The node exits 3 with what() and the hint.
class SyncStartError : public std::runtime_error {
  public:
    SyncStartError(const std::string& what, std::string hint)
        : std::runtime_error(what), hint_(std::move(hint)) {}
    const std::string& hint() const { return hint_; }

  private:
    std::string hint_;
};

// A point-in-time view for GET /api/sync/status, /readyz and mmoctl.
struct SyncStatus {
    std::string region;
    bool natsConnected = false;
    std::string natsServer;
    bool caughtUp = false;           // connected, the last fetch left nothing waiting, and not publishStalled
    std::size_t pendingChanges = 0;  // not yet in a sealed batch
    std::size_t unpublishedChanges = 0;  // in the outbox, not yet acknowledged by JetStream
    // Unpublished changes that cannot be published now: NATS is down, or the last publish failed (an error
    // or no PubAck in time) and none has been acknowledged since. Such a node is not caught up.
    bool publishStalled = false;
    std::uint64_t lastPublishedSeq = 0;
    std::optional<std::chrono::system_clock::time_point> lastFlush;
    world::SyncPositions applied;  // per source region: batch seq and stream seq applied here
    double streamLag = 0;
    bool bootstrapping = false;           // still deciding or loading checkpoints
    std::optional<MissingRange> missing;  // the world is incomplete: these stream messages are gone
};

// The region's sync, wired: world, hybrid clock, snapshot, outbox, SyncManager, publisher, consumer and
// the link to NATS. Start-up: lock the data dir, load the snapshot, replay the outbox, connect (in the
// background if NATS is down, unless required). Shutdown, in order: stop taking writes, seal and
// publish the last batch (bounded wait), stop consuming, snapshot, close NATS.
class SyncService {
  public:
    SyncService(const config::NodeConfig& config, metrics::MetricsRegistry& registry,
                std::shared_ptr<spdlog::logger> logger);
    ~SyncService();
    SyncService(const SyncService&) = delete;
    SyncService& operator=(const SyncService&) = delete;

    // Who hears about changes that took effect, local or remote (set before start()).
    void setAppliedObserver(AppliedChangesObserver observer) { observer_ = std::move(observer); }
    // Global chat across regions (set its listener before start()).
    ChatChannel& chat() { return *chat_; }
    // Throws SyncStartError when the node must not run.
    void start(bool requireNats);
    void stop();

    // The region's world (thread-safe reads).
    world::World& world() { return world_; }
    const std::string& region() const { return settings_.regionId; }
    // Stamps, persists and applies writes; see SyncManager::submit.
    void submit(std::vector<BlockWrite> writes, AckLevel level, SubmitCallback done);
    SyncStatus status() const;
    // NATS connected and nothing more waiting in the stream.
    bool ready() const;
    // Saves a snapshot now (also done periodically and at shutdown).
    void snapshotNow();
    // Merges cells of any origin (mmoctl repair) last-writer-wins; observers hear what took effect.
    world::ApplyCounts merge(const std::vector<codec::BlockChange>& cells);
    // An operator completed this region's world (mmoctl repair): it stops reporting messages missing,
    // and counts the sources' batches up to `covered` as applied.
    void markWorldComplete(const std::string& why, const world::SyncPositions& covered);

  private:
    void onBusReady(std::shared_ptr<eventbus::NatsConnection> connection);
    void snapshotLoop();

    SteadySyncClock time_;  // the sync threads' time; declared first, so it outlives every Worker
    SyncSettings settings_;
    eventbus::BusSettings bus_;
    std::shared_ptr<spdlog::logger> logger_;
    SyncMetrics metrics_;
    CheckpointMetrics checkpointMetrics_;
    AppliedChangesObserver observer_;
    std::unique_ptr<ChatChannel> chat_;
    world::World world_;
    std::unique_ptr<codec::HybridLogicalClock> clock_;
    std::unique_ptr<DataDirLock> lock_;
    std::unique_ptr<Outbox> outbox_;
    std::unique_ptr<BusLink> link_;
    std::unique_ptr<BatchPublisher> publisher_;
    std::unique_ptr<SyncConsumer> consumer_;
    std::unique_ptr<SyncManager> manager_;
    std::unique_ptr<WorldBootstrap> bootstrap_;
    std::unique_ptr<CheckpointWriter> checkpoints_;  // null when checkpoint.enabled is false

    std::mutex snapshotMutex_;  // one snapshot at a time
    bool started_ = false;
    Worker snapshotWorker_{"snapshot", time_};  // saves a snapshot every storage.snapshot_every_seconds
};

// The bus settings a node config asks for.
eventbus::BusSettings busSettingsFrom(const config::NodeConfig& config);
// The sync settings a node config asks for.
SyncSettings syncSettingsFrom(const config::NodeConfig& config);

}  // namespace mmo::sync
