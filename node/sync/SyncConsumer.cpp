#include "node/sync/SyncConsumer.hpp"

#include <chrono>

#include "common/codec/SyncWire.hpp"
#include "common/eventbus/BusError.hpp"

namespace mmo::sync {

namespace {
constexpr int kFetchBatch = 256;
constexpr auto kFetchWait = std::chrono::milliseconds(500);
constexpr auto kRetryDelay = std::chrono::seconds(1);
constexpr auto kMissingCheckEvery = std::chrono::seconds(5);

double nowMillis() {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}
}  // namespace

SyncConsumer::SyncConsumer(eventbus::BusSettings bus, codec::DecodeLimits limits, world::World& world,
                           codec::HybridLogicalClock& clock, SyncMetrics& metrics,
                           std::shared_ptr<spdlog::logger> logger, world::SyncPositions initial,
                           SyncClock& time)
    : bus_(std::move(bus)),
      limits_(limits),
      world_(world),
      clock_(clock),
      metrics_(metrics),
      logger_(std::move(logger)),
      worker_("consumer", time),
      positions_(std::move(initial)) {
    publishAppliedGauges(positions_);
}

void SyncConsumer::raiseSources(const world::SyncPositions& sources) {
    publishAppliedGauges(sources);
    std::lock_guard lock(mutex_);
    for (const auto& [source, position] : sources.sources) {
        auto& mine = positions_.sources[source];
        if (position.batch_seq > mine.batch_seq) mine = position;
    }
}

void SyncConsumer::markCaughtUp() {
    caughtUp_ = true;
    if (toldCaughtUp_) return;
    toldCaughtUp_ = true;
    const double seconds = std::chrono::duration<double>(worker_.clock().now() - startedAt_).count();
    logger_->info("Caught up with the stream: {} messages applied since the start, {:.2f}s after it",
                  handledSinceStart_, seconds);
}

void SyncConsumer::publishAppliedGauges(const world::SyncPositions& positions) {
    // Every source of the positions, this region's own included, as /api/sync/status and /api/world/digest.
    for (const auto& [source, position] : positions.sources) {
        auto& gauge = metrics_.appliedBatchSeq.labels({source});
        gauge.set(std::max(gauge.value(), static_cast<double>(position.batch_seq)));
    }
}

bool SyncConsumer::bootstrapWith(eventbus::NatsConnection& connection) {
    if (!bootstrap_ || bootstrap_->done()) return true;
    try {
        auto positions = bootstrap_->run(connection, this->positions());
        publishAppliedGauges(positions);
        std::lock_guard lock(mutex_);
        positions_ = std::move(positions);
        return true;
    } catch (const std::exception& e) {
        logger_->warn("Bootstrap: {}; trying again in 1s", e.what());
        return false;
    }
}

void SyncConsumer::lookForMissing(eventbus::NatsConnection& connection) {
    if (!bootstrap_ || !bootstrap_->missing()) return;
    const auto now = worker_.clock().now();
    if (now < nextMissingCheck_) return;
    nextMissingCheck_ = now + kMissingCheckEvery;
    auto positions = this->positions();
    try {
        if (!bootstrap_->tryComplete(connection, positions)) return;
    } catch (const std::exception& e) {
        logger_->warn("World store: looking for the missing messages failed: {}", e.what());
        return;
    }
    publishAppliedGauges(positions);
    std::lock_guard lock(mutex_);
    mergePositions(positions_, positions);
}

SyncConsumer::~SyncConsumer() {
    stop();
}

void SyncConsumer::attach(std::shared_ptr<eventbus::NatsConnection> connection) {
    std::lock_guard lock(mutex_);
    connection_ = std::move(connection);
    worker_.notify();
}

void SyncConsumer::start() {
    startedAt_ = worker_.clock().now();
    worker_.start([this] { run(); });
}

void SyncConsumer::stop() {
    worker_.stop([this] {
        if (active_) active_->interrupt();  // no need to wait out the fetch window
    });
}

world::SyncPositions SyncConsumer::positions() const {
    std::lock_guard lock(mutex_);
    return positions_;
}

std::string SyncConsumer::sourceOf(const std::string& subject) const {
    auto region = codec::wire::regionOfSubject(bus_.stream, subject);
    return region.empty() ? std::string("unknown") : region;
}

void SyncConsumer::run() {
    for (;;) {
        std::shared_ptr<eventbus::NatsConnection> connection;
        {
            std::unique_lock lock(mutex_);
            if (!worker_.wait(lock, [&] { return connection_ != nullptr; })) return;
            connection = connection_;
        }
        if (!bootstrapWith(*connection)) {
            std::unique_lock lock(mutex_);
            if (!worker_.waitFor(lock, kRetryDelay, [] { return false; })) return;
            continue;
        }
        try {
            if (consumeWith(*connection)) return;  // stopping
            continue;                              // reconnected: set up again at once
        } catch (const eventbus::BusError& e) {
            caughtUp_ = false;
            {
                std::lock_guard lock(mutex_);
                if (worker_.stopRequested()) return;  // the fetch was interrupted by stop()
            }
            logger_->warn("SyncConsumer: {}; setting the consumer up again in 1s", e.what());
            std::unique_lock lock(mutex_);
            if (!worker_.waitFor(lock, kRetryDelay, [] { return false; })) return;
        }
    }
}

bool SyncConsumer::consumeWith(eventbus::NatsConnection& connection) {
    const auto reconnects = connection.reconnects();
    eventbus::PullConsumer consumer(connection, bus_, positions().stream_seq, *logger_);
    // Registered for stop() while it lives; the guard unregisters it on every way out.
    {
        std::lock_guard lock(mutex_);
        if (worker_.stopRequested()) return true;
        active_ = &consumer;
    }
    struct Unregister {
        SyncConsumer& self;
        ~Unregister() {
            std::lock_guard lock(self.mutex_);
            self.active_ = nullptr;
        }
    } unregister{*this};
    // Nothing waiting: ready at once instead of after the first empty fetch.
    if (consumer.pendingAtStart() == 0) {
        metrics_.streamLag.set(0);
        markCaughtUp();
    }
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (worker_.stopRequested()) return true;
        }
        {
            std::lock_guard lock(mutex_);
            if (connection_.get() != &connection) {
                // The link moved to another connection (back on the home server): follow it at once.
                logger_->info("SyncConsumer: NATS connection replaced; setting the consumer up again on it");
                return false;
            }
        }
        if (connection.reconnects() != reconnects) {
            // What the server delivered into the broken connection is lost; it would come back only after
            // the ack wait. A consumer set up again rewinds to its ack floor and gets it back now.
            logger_->info("SyncConsumer: NATS reconnected; setting the consumer up again");
            return false;
        }
        lookForMissing(connection);
        auto messages = consumer.fetch(kFetchBatch, kFetchWait);
        if (messages.empty()) {
            if (connection.connected()) {
                metrics_.streamLag.set(0);
                markCaughtUp();
            }
            continue;
        }
        for (auto& message : messages) {
            handle(message.data(), message.subject(), message.streamSeq());
            message.ack();
        }
        handledSinceStart_ += messages.size();
        const auto lag = messages.back().numPending();
        metrics_.streamLag.set(static_cast<double>(lag));
        if (lag == 0)
            markCaughtUp();
        else
            caughtUp_ = false;
    }
}

ConsumeOutcome SyncConsumer::handle(std::span<const std::uint8_t> payload, const std::string& subject,
                                    std::uint64_t streamSeq) {
    const std::string source = sourceOf(subject);
    const bool own = source == bus_.regionId;
    logger_->debug("SyncConsumer: batch size={} bytes from {}", payload.size(), source);
    auto decoded = codec_.decode(payload, limits_);
    auto recordPosition = [&](std::uint64_t batchSeq) {
        std::lock_guard lock(mutex_);
        positions_.stream_seq = std::max(positions_.stream_seq, streamSeq);
        if (batchSeq == 0) return;
        auto& position = positions_.sources[source];
        if (batchSeq >= position.batch_seq) position = world::SourcePosition{batchSeq, streamSeq};
    };
    if (!decoded.ok() || decoded.batch().origin != source) {
        metrics_.decodeErrors.inc();
        const auto why = decoded.ok() ? "origin " + decoded.batch().origin + " does not match the subject"
                                      : decoded.error().format();
        logger_->warn("SyncConsumer: rejected a {}-byte message from {} (stream seq {}): {}", payload.size(),
                      source, streamSeq, why);
        recordPosition(0);
        return ConsumeOutcome::Rejected;
    }
    const codec::Batch& batch = decoded.batch();
    logger_->debug("SyncConsumer: decoded {} changes", batch.changes.size());
    std::uint64_t newest = 0;
    for (const auto& change : batch.changes) newest = std::max(newest, change.hlc);
    clock_.observe(newest);
    // With an observer, the changes that took effect are collected, so it hears exactly those.
    std::vector<codec::BlockChange> applied;
    const world::ApplyCounts counts =
        world_.applyFrom(batch.origin, batch.changes, observer_ ? &applied : nullptr);
    if (!applied.empty()) observer_(applied);
    recordPosition(batch.sequence);
    // A duplicate (docs/sync.md, "Consuming and applying"): every change was already here, the same write.
    // A batch whose changes lost last-writer-wins is not one: those count in sync_conflicts_total.
    const bool duplicate = counts.applied == 0 && counts.stale == 0 && !batch.changes.empty();
    // The applied sequence has a series for every source, this region's own included (like the positions).
    auto& seqGauge = metrics_.appliedBatchSeq.labels({source});
    seqGauge.set(std::max(seqGauge.value(), static_cast<double>(batch.sequence)));
    if (!own) {
        metrics_.conflicts.inc(static_cast<double>(counts.stale));
        metrics_.consumedBatches.labels({source}).inc();
        metrics_.consumedChanges.labels({source}).inc(static_cast<double>(batch.changes.size()));
        metrics_.consumedBytes.labels({source}).inc(static_cast<double>(payload.size()));
        if (duplicate) metrics_.duplicates.labels({source}).inc();
        if (!duplicate) {
            auto& convergence = metrics_.convergenceSeconds.labels({source});
            const double now = nowMillis();
            for (const auto& change : batch.changes)
                convergence.observe(
                    std::max(0.0,
                             now - static_cast<double>(codec::HybridLogicalClock::physicalOf(change.hlc))) /
                    1000.0);
        }
    }
    return duplicate ? ConsumeOutcome::Duplicate : ConsumeOutcome::Applied;
}

}  // namespace mmo::sync
