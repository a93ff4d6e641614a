#include "node/sync/SyncService.hpp"

#include <algorithm>

#include "common/eventbus/NatsConnection.hpp"
#include "common/text/Redaction.hpp"
#include "common/world/SnapshotError.hpp"
#include "common/world/WorldSnapshot.hpp"
#include "node/sync/BatchPublisher.hpp"
#include "node/sync/BusLink.hpp"
#include "node/sync/CheckpointWriter.hpp"
#include "node/sync/DataDirLock.hpp"
#include "node/sync/Outbox.hpp"
#include "node/sync/SyncConsumer.hpp"
#include "node/sync/SyncManager.hpp"
#include "node/sync/WorldBootstrap.hpp"

namespace mmo::sync {

eventbus::BusSettings busSettingsFrom(const config::NodeConfig& config) {
    eventbus::BusSettings bus;
    bus.servers = eventbus::splitServerList(config.eventbus.url);
    bus.stream = config.eventbus.stream;
    bus.retention = std::chrono::hours(config.eventbus.retention_hours);
    bus.replicas = config.eventbus.replicas;
    bus.token = config.eventbus.token;
    bus.credsFile = config.eventbus.creds_file;
    bus.tlsCaFile = config.eventbus.tls_ca_file;
    bus.tlsCertFile = config.eventbus.tls_cert_file;
    bus.tlsKeyFile = config.eventbus.tls_key_file;
    bus.regionId = config.sync.region_id;
    bus.homeReturnAfter = std::chrono::seconds(config.eventbus.home_return_after_seconds);
    return bus;
}

namespace {
// The next step after a failed first connection: the key an auth, TLS or stream error names, else NATS.
std::string connectHint(const std::string& error, const std::string& firstServer) {
    if (error.find("eventbus.") != std::string::npos)
        return "fix the eventbus setting named in the error (docs/configuration.md lists them)";
    return "start NATS with JetStream (nats-server -js) at " + text::redactUrlCredentials(firstServer) +
           " or point eventbus.url / GAME_EVENTBUS_URL at a running one";
}
}  // namespace

SyncSettings syncSettingsFrom(const config::NodeConfig& config) {
    SyncSettings settings;
    settings.regionId = config.sync.region_id;
    settings.batchSize = static_cast<std::size_t>(config.sync.batch_size);
    settings.flushEvery = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::duration<double>(config.sync.flush_every_seconds));
    settings.gzip = config.sync.use_gzip_compression;
    settings.dataDir = config.storage.data_dir;
    settings.snapshotEvery = std::chrono::seconds(config.storage.snapshot_every_seconds);
    settings.checkpoints = config.checkpoint.enabled;
    settings.checkpointEvery = std::chrono::seconds(config.checkpoint.every_seconds);
    return settings;
}

SyncService::SyncService(const config::NodeConfig& config, metrics::MetricsRegistry& registry,
                         std::shared_ptr<spdlog::logger> logger)
    : settings_(syncSettingsFrom(config)),
      bus_(busSettingsFrom(config)),
      logger_(std::move(logger)),
      metrics_(registry),
      checkpointMetrics_(registry),
      chat_(std::make_unique<ChatChannel>(bus_, logger_)) {}

SyncService::~SyncService() {
    stop();
}

void SyncService::start(bool requireNats) {
    try {
        lock_ = std::make_unique<DataDirLock>(settings_.dataDir);
    } catch (const std::runtime_error& e) {
        throw SyncStartError(e.what(), "each node needs its own writable storage.data_dir");
    }
    std::optional<world::SyncPositions> positions;
    try {
        positions = world::WorldSnapshot::load(settings_.dataDir, world_);
    } catch (const world::SnapshotError& e) {
        throw SyncStartError(e.what(),
                             "move the damaged snapshot aside (the node then rebuilds the world from the "
                             "stream and the outbox) or restore it from a backup");
    }
    std::uint64_t newest = 0;
    world_.forEachCell([&](const world::CellView& cell) { newest = std::max(newest, cell.hlc); });
    try {
        outbox_ = std::make_unique<Outbox>(settings_.dataDir, logger_);
    } catch (const std::exception& e) {
        throw SyncStartError(e.what(),
                             "the outbox holds acknowledged changes: keep a copy before removing it");
    }
    auto recovered = outbox_->takeRecovered();
    clock_ = std::make_unique<codec::HybridLogicalClock>(codec::HybridLogicalClock::systemClock(), newest);
    if (positions)
        logger_->info("Snapshot loaded: {} blocks, resuming the stream after seq {}", world_.blockCount(),
                      positions->stream_seq);

    publisher_ = std::make_unique<BatchPublisher>(
        bus_, settings_.gzip, outbox_->epoch(), metrics_, logger_,
        [this](std::uint64_t seq) { manager_->onPublished(seq); }, time_);
    consumer_ = std::make_unique<SyncConsumer>(bus_, codec::DecodeLimits{}, world_, *clock_, metrics_,
                                               logger_, positions.value_or(world::SyncPositions{}), time_);
    manager_ = std::make_unique<SyncManager>(
        settings_, world_, *clock_, *outbox_, metrics_, logger_,
        [this](auto batch) { publisher_->enqueue(std::move(batch)); }, time_);
    manager_->setAppliedObserver(observer_);
    consumer_->setAppliedObserver(observer_);
    bootstrap_ = std::make_unique<WorldBootstrap>(bus_, world_, *clock_, checkpointMetrics_, logger_,
                                                  positions.has_value(), settings_.dataDir);
    consumer_->setBootstrap(bootstrap_.get());
    if (settings_.checkpoints)
        checkpoints_ = std::make_unique<CheckpointWriter>(
            bus_, settings_.checkpointEvery, settings_.gzip, world_,
            [this] { return consumer_->positions(); },
            [this] { return bootstrap_->done() && !bootstrap_->missing(); }, checkpointMetrics_, logger_,
            time_);
    manager_->recover(std::move(recovered));
    publisher_->start();
    consumer_->start();
    manager_->start();
    if (checkpoints_) checkpoints_->start();
    started_ = true;
    logger_->info("🔄 SyncManager initialized: region={}, batch={}, flush={}s", settings_.regionId,
                  settings_.batchSize, std::chrono::duration<double>(settings_.flushEvery).count());

    link_ = std::make_unique<BusLink>(
        bus_, metrics_, logger_, [this](auto c) { onBusReady(std::move(c)); }, time_,
        [this] { publisher_->onReconnected(); });
    if (const auto error = link_->tryOnce()) {
        const std::string hint = connectHint(*error, bus_.servers.empty() ? "?" : bus_.servers.front());
        // With --require-nats the caller logs the error (once) with its hint and exits.
        if (requireNats) throw SyncStartError("Failed to initialize JetStreamBus: " + *error, hint);
        logger_->error("❌ Failed to initialize JetStreamBus: {}", *error);
        logger_->warn(
            "hint: {}; the node keeps serving, queues its changes in the outbox and keeps retrying "
            "(--require-nats makes this fatal)",
            hint);
        link_->retryInBackground();
    }
    snapshotWorker_.start([this] { snapshotLoop(); });
}

void SyncService::onBusReady(std::shared_ptr<eventbus::NatsConnection> connection) {
    publisher_->attach(connection);
    consumer_->attach(connection);
    if (checkpoints_) checkpoints_->attach(connection);
    try {
        chat_->attach(connection);
    } catch (const std::exception& e) {
        logger_->warn("Chat unavailable: {}", e.what());
    }
}

void SyncService::stop() {
    if (!started_) return;
    started_ = false;
    if (link_) link_->stopHomeReturn();  // no new connection handed out while the parts stop
    manager_->stop();  // seals the last batch and waits (bounded) for its PubAck
    snapshotWorker_.stop();
    if (checkpoints_) checkpoints_->stop();
    consumer_->stop();
    publisher_->stop();
    chat_->detach();
    if (link_) link_->stop();
    snapshotNow();
    logger_->info("Sync stopped: {} changes left in the outbox", manager_->unpublishedChanges());
    checkpoints_.reset();
    consumer_.reset();
    publisher_.reset();
    link_.reset();  // closes the NATS connection
}

void SyncService::submit(std::vector<BlockWrite> writes, AckLevel level, SubmitCallback done) {
    manager_->submit(std::move(writes), level, std::move(done));
}

SyncStatus SyncService::status() const {
    SyncStatus s;
    s.region = settings_.regionId;
    s.natsConnected = link_ && link_->connected();
    s.natsServer = link_ ? link_->currentServer() : std::string();
    if (manager_) {
        s.pendingChanges = manager_->pendingChanges();
        s.unpublishedChanges = manager_->unpublishedChanges();
        s.lastPublishedSeq = manager_->lastPublishedSeq();
        s.lastFlush = manager_->lastFlush();
    }
    // Every region says the same in a broker outage: changes it cannot publish mean it is not caught up,
    // whether its own server is down too or only the stream's (docs/rest-api.md#get-readyz).
    s.publishStalled =
        s.unpublishedChanges > 0 && (!s.natsConnected || (publisher_ && publisher_->failing()));
    s.caughtUp = s.natsConnected && consumer_ && consumer_->caughtUp() && !s.publishStalled;
    if (consumer_) s.applied = consumer_->positions();
    s.streamLag = metrics_.streamLag.value();
    if (bootstrap_) {
        s.bootstrapping = !bootstrap_->done();
        s.missing = bootstrap_->missing();
    }
    return s;
}

bool SyncService::ready() const {
    const auto s = status();
    return s.caughtUp && !s.bootstrapping && bootstrap_ && !s.missing;
}

world::ApplyCounts SyncService::merge(const std::vector<codec::BlockChange>& cells) {
    std::uint64_t newest = 0;
    for (const auto& cell : cells) newest = std::max(newest, cell.hlc);
    std::vector<codec::BlockChange> applied;
    const auto counts =
        world_.apply(std::span<const codec::BlockChange>(cells), observer_ ? &applied : nullptr);
    if (clock_) clock_->observe(newest);
    if (!applied.empty()) observer_(applied);
    if (counts.applied > 0)
        logger_->info("Repair: merged {} cells ({} already newer here)", counts.applied, counts.stale);
    return counts;
}

void SyncService::markWorldComplete(const std::string& why, const world::SyncPositions& covered) {
    if (consumer_) consumer_->raiseSources(covered);
    // The merged cells on disk first, then the mark: a crash in between leaves the world incomplete.
    snapshotNow();
    if (bootstrap_) bootstrap_->markComplete(why);
}

void SyncService::snapshotNow() {
    std::lock_guard lock(snapshotMutex_);
    if (!consumer_) return;
    // Positions first: the snapshot may then hold more than they claim (replay is idempotent), never less.
    const auto positions = consumer_->positions();
    try {
        world::WorldSnapshot::save(settings_.dataDir, world_, positions);
        logger_->debug("Snapshot saved: {} blocks, stream seq {}", world_.blockCount(), positions.stream_seq);
    } catch (const std::exception& e) {
        logger_->error("Snapshot failed (the previous one stays valid): {}", e.what());
    }
}

void SyncService::snapshotLoop() {
    std::unique_lock lock(snapshotWorker_.mutex());
    while (snapshotWorker_.waitFor(lock, settings_.snapshotEvery, [] { return false; })) {
        lock.unlock();
        snapshotNow();
        lock.lock();
    }
}

}  // namespace mmo::sync
