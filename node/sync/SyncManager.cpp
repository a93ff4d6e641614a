#include "node/sync/SyncManager.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace mmo::sync {

namespace {
constexpr auto kSealRetryDelay = std::chrono::seconds(1);
constexpr std::uint64_t kCompactBytes = 8u << 20;  // rewrite the outbox once it passes 8 MiB
}  // namespace

SyncManager::SyncManager(SyncSettings settings, world::World& world, codec::HybridLogicalClock& clock,
                         Outbox& outbox, SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                         PublishSink publish, SyncClock& time)
    : settings_(std::move(settings)),
      world_(world),
      clock_(clock),
      outbox_(outbox),
      metrics_(metrics),
      logger_(std::move(logger)),
      publish_(std::move(publish)),
      worker_("sync", time) {}

SyncManager::~SyncManager() {
    if (worker_.started()) stop();
}

void SyncManager::recover(OutboxContents contents) {
    std::size_t replayed = 0;
    for (auto& batch : contents.unpublished) {
        for (auto change : batch.changes) {
            clock_.observe(change.hlc);
            change.origin = settings_.regionId;
            world_.apply(change);
            ++replayed;
        }
        sealedCount_ += batch.changes.size();
        auto sealed = std::make_shared<const SealedBatch>(std::move(batch));
        sealed_.push_back(sealed);
        publish_(sealed);
    }
    for (const auto& change : contents.unsealed) {
        clock_.observe(change.hlc);
        auto applied = change;
        applied.origin = settings_.regionId;
        world_.apply(applied);
        ++replayed;
    }
    pending_ = std::move(contents.unsealed);
    pendingCount_ = pending_.size();
    if (!pending_.empty()) flushDeadline_ = worker_.clock().now() + settings_.flushEvery;
    nextSeq_ = contents.nextBatchSeq;
    if (replayed > 0)
        logger_->info("Outbox replayed: {} changes ({} batches to republish, {} not yet in a batch)",
                      replayed, sealed_.size(), pending_.size());
    updateGauges();
}

void SyncManager::start() {
    worker_.start([this] { run(); });
}

void SyncManager::submit(std::vector<BlockWrite> writes, AckLevel level, SubmitCallback done) {
    {
        std::lock_guard lock(mutex_);
        if (!draining_) {
            incoming_.push_back(Submission{std::move(writes), level, std::move(done)});
            worker_.notify();
            return;
        }
    }
    done(
        SubmitResult{false, "the node is shutting down; retry against another node or after restart", {}, 0});
}

void SyncManager::onPublished(std::uint64_t sequence) {
    std::lock_guard lock(mutex_);
    acks_.push_back(sequence);
    worker_.notify();
}

void SyncManager::stop() {
    if (!worker_.started()) return;
    std::unique_lock lock(mutex_);
    draining_ = true;
    worker_.notify();
    const bool drained = drained_.wait_for(lock, settings_.shutdownDrainTimeout, [&] {
        return incoming_.empty() && pendingCount_ == 0 && sealedCount_ == 0;
    });
    if (!drained)
        logger_->warn(
            "Shutdown: {} changes not yet acknowledged by NATS stay in the outbox and are published at the "
            "next start",
            pendingCount_ + sealedCount_);
    lock.unlock();
    worker_.stop();  // the last round seals whatever is still pending
}

std::size_t SyncManager::pendingChanges() const {
    std::lock_guard lock(mutex_);
    return pendingCount_;
}

std::size_t SyncManager::unpublishedChanges() const {
    std::lock_guard lock(mutex_);
    return pendingCount_ + sealedCount_;
}

std::uint64_t SyncManager::lastPublishedSeq() const {
    std::lock_guard lock(mutex_);
    return lastPublished_;
}

std::optional<std::chrono::system_clock::time_point> SyncManager::lastFlush() const {
    std::lock_guard lock(mutex_);
    return lastFlush_;
}

SyncClock::time_point SyncManager::nextWake() const {
    return std::max(flushDeadline_, retrySealAfter_);
}

void SyncManager::run() {
    for (;;) {
        Round round;
        {
            std::unique_lock lock(mutex_);
            const auto ready = [&] { return !incoming_.empty() || !acks_.empty() || draining_; };
            if (pending_.empty()) {
                worker_.wait(lock, ready);
            } else {
                worker_.waitUntil(lock, nextWake(), ready);
            }
            round.submissions.swap(incoming_);
            round.acks.swap(acks_);
            round.draining = draining_;
            round.stopping = worker_.stopRequested();
        }
        processRound(round);
        if (round.stopping) break;  // that was the last round: it sealed whatever was still pending
        if (round.draining) {
            // While draining, only acks arrive: wait for them instead of spinning.
            std::unique_lock lock(mutex_);
            worker_.wait(lock, [&] { return !incoming_.empty() || !acks_.empty(); });
        }
    }
    // Whoever still waits for a PubAck hears that it did not come before shutdown; the changes are durable.
    const SubmitResult unpublished{
        false,
        "the node shut down before JetStream acknowledged the batch; the change is "
        "durable and is published when the node restarts",
        {},
        0};
    for (auto& waiter : pendingWaiters_) waiter.done(unpublished);
    for (auto& [seq, waiters] : batchWaiters_)
        for (auto& waiter : waiters) waiter.done(unpublished);
    pendingWaiters_.clear();
    batchWaiters_.clear();
    try {
        outbox_.sync();  // the last published records; losing them would only cause a deduplicated republish
    } catch (const std::system_error& e) {
        logger_->warn("Outbox: final sync failed: {}", e.what());
    }
}

void SyncManager::processRound(Round& round) {
    // Callers hear back only after the state they will observe (counts, gauges) is updated.
    std::vector<std::function<void()>> completions;
    recordAcks(round.acks, completions);
    acceptSubmissions(round.submissions, round.draining || round.stopping, completions);
    sealDue(round.draining || round.stopping);
    updateGauges();
    compactOutbox();
    for (auto& complete : completions) complete();
}

void SyncManager::compactOutbox() {
    if (outbox_.fileBytes() <= kCompactBytes) return;
    // Only what is still needed survives: unpublished batches and unsealed changes.
    std::vector<SealedBatch> unpublished;
    unpublished.reserve(sealed_.size());
    for (const auto& batch : sealed_) unpublished.push_back(*batch);
    try {
        outbox_.compactIfLarge(unpublished, pending_, nextSeq_, kCompactBytes);
    } catch (const std::system_error& e) {
        // The old file stays in use; the next round tries again.
        logger_->warn("Outbox compaction failed (the outbox keeps growing until it succeeds): {}", e.what());
    }
}

void SyncManager::recordAcks(const std::vector<std::uint64_t>& acks,
                             std::vector<std::function<void()>>& completions) {
    for (const auto seq : acks) {
        outbox_.appendPublished(seq);
        const auto it =
            std::find_if(sealed_.begin(), sealed_.end(), [&](const auto& b) { return b->sequence == seq; });
        if (it != sealed_.end()) {
            std::lock_guard lock(mutex_);
            sealedCount_ -= (*it)->changes.size();
            lastPublished_ = std::max(lastPublished_, seq);
        }
        if (it != sealed_.end()) sealed_.erase(it);
        if (auto waiters = batchWaiters_.extract(seq)) {
            for (auto& waiter : waiters.mapped())
                completions.push_back([w = std::move(waiter)]() mutable { w.done(std::move(w.result)); });
        }
    }
}

void SyncManager::acceptSubmissions(std::vector<Submission>& submissions, bool draining,
                                    std::vector<std::function<void()>>& completions) {
    if (submissions.empty()) return;
    std::size_t total = 0;
    for (const auto& submission : submissions) total += submission.writes.size();
    std::vector<codec::BlockChange> changes;
    changes.reserve(total);
    std::vector<SubmitResult> results(submissions.size());
    for (std::size_t i = 0; i < submissions.size(); ++i) {
        results[i].hlcs.reserve(submissions[i].writes.size());
        for (const auto& write : submissions[i].writes) {
            const auto hlc = clock_.now();
            changes.push_back(codec::BlockChange{write.x, write.y, write.type, hlc, {}});
            results[i].hlcs.push_back(hlc);
        }
    }
    outbox_.appendChanges(changes);
    // The batches these writes complete are sealed in the same fsync: one fsync per round, not two.
    const auto now = worker_.clock().now();
    const auto deadline = pending_.empty() ? now + settings_.flushEvery : flushDeadline_;
    const auto plans = planSeals(pending_.size() + changes.size(), deadline, draining, now);
    for (const auto& plan : plans) outbox_.appendSeal(plan.seq, static_cast<std::uint32_t>(plan.count));
    try {
        outbox_.sync();
    } catch (const std::system_error& e) {
        // Nothing of this round reached the file (it was cut back); sealDue tries the older changes' seals.
        logger_->error("Outbox write failed, {} writes rejected: {}", changes.size(), e.what());
        const bool diskFull = e.code() == std::errc::no_space_on_device ||
                              e.code() == std::error_condition(EDQUOT, std::generic_category());
        metrics_.refusedWrites.labels({diskFull ? "disk_full" : "io_error"})
            .inc(static_cast<double>(changes.size()));
        for (auto& submission : submissions)
            submission.done(
                SubmitResult{false, std::string("could not persist the change: ") + e.what(), {}, 0});
        return;
    }
    // One world lock for the whole round; the observer hears exactly the writes that took effect.
    std::vector<codec::BlockChange> applied;
    const world::ApplyCounts counts =
        world_.applyFrom(settings_.regionId, changes, observer_ ? &applied : nullptr);
    if (counts.stale > 0) metrics_.conflicts.inc(static_cast<double>(counts.stale));
    if (observer_ && !applied.empty()) observer_(applied);
    if (pending_.empty()) flushDeadline_ = deadline;
    std::size_t end = pending_.size();
    pending_.insert(pending_.end(), std::make_move_iterator(changes.begin()),
                    std::make_move_iterator(changes.end()));
    for (std::size_t i = 0; i < submissions.size(); ++i) {
        results[i].ok = true;
        end += submissions[i].writes.size();
        if (submissions[i].level == AckLevel::Durable || submissions[i].writes.empty())
            completions.push_back([done = std::move(submissions[i].done),
                                   result = std::move(results[i])]() mutable { done(std::move(result)); });
        else
            pendingWaiters_.push_back(Waiter{end, std::move(submissions[i].done), std::move(results[i])});
    }
    {
        std::lock_guard lock(mutex_);
        pendingCount_ = pending_.size();
    }
    commitSeals(plans, now);
}

std::vector<SyncManager::SealPlan> SyncManager::planSeals(std::size_t pendingCount,
                                                          SyncClock::time_point deadline, bool draining,
                                                          SyncClock::time_point now) const {
    std::vector<SealPlan> plans;
    if (now < retrySealAfter_) return plans;
    std::size_t left = pendingCount;
    std::uint64_t seq = nextSeq_;
    while (left >= settings_.batchSize) {
        plans.push_back({seq++, settings_.batchSize, "size"});
        left -= settings_.batchSize;
    }
    if (left > 0 && (draining || now >= deadline))
        plans.push_back({seq++, left, draining ? "shutdown" : "timer"});
    return plans;
}

void SyncManager::sealDue(bool draining) {
    const auto now = worker_.clock().now();
    const auto plans = planSeals(pending_.size(), flushDeadline_, draining, now);
    if (plans.empty()) return;
    for (const auto& plan : plans) outbox_.appendSeal(plan.seq, static_cast<std::uint32_t>(plan.count));
    try {
        outbox_.sync();
    } catch (const std::system_error& e) {
        logger_->error("Outbox: could not seal {} batches, retrying in 1s: {}", plans.size(), e.what());
        retrySealAfter_ = now + kSealRetryDelay;
        return;
    }
    commitSeals(plans, now);
}

void SyncManager::commitSeals(const std::vector<SealPlan>& plans, SyncClock::time_point now) {
    if (plans.empty()) return;
    std::size_t offset = 0;
    std::vector<std::shared_ptr<const SealedBatch>> toPublish;
    toPublish.reserve(plans.size());
    for (const auto& plan : plans) {
        auto batch = std::make_shared<SealedBatch>();
        batch->sequence = plan.seq;
        batch->changes.assign(pending_.begin() + static_cast<std::ptrdiff_t>(offset),
                              pending_.begin() + static_cast<std::ptrdiff_t>(offset + plan.count));
        offset += plan.count;
        // Waiters whose last change is in this batch now wait for its acknowledgement.
        auto& waiting = batchWaiters_[plan.seq];
        for (auto it = pendingWaiters_.begin(); it != pendingWaiters_.end();) {
            if (it->endInPending <= offset) {
                it->result.batchSeq = plan.seq;
                waiting.push_back(std::move(*it));
                it = pendingWaiters_.erase(it);
            } else {
                ++it;
            }
        }
        if (waiting.empty()) batchWaiters_.erase(plan.seq);
        metrics_.flushes.labels({plan.reason}).inc();
        sealed_.push_back(batch);
        toPublish.push_back(batch);
    }
    for (auto& waiter : pendingWaiters_) waiter.endInPending -= offset;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(offset));
    nextSeq_ = plans.back().seq + 1;
    if (!pending_.empty()) flushDeadline_ = now + settings_.flushEvery;
    {
        std::lock_guard lock(mutex_);
        sealedCount_ += offset;
        pendingCount_ = pending_.size();
        lastFlush_ = std::chrono::system_clock::now();
    }
    for (auto& batch : toPublish) publish_(std::move(batch));
}

void SyncManager::updateGauges() {
    std::lock_guard lock(mutex_);
    metrics_.pendingChanges.set(static_cast<double>(pendingCount_));
    metrics_.outboxChanges.set(static_cast<double>(pendingCount_ + sealedCount_));
    metrics_.publishedBatchSeq.set(static_cast<double>(lastPublished_));
    if (incoming_.empty() && pendingCount_ == 0 && sealedCount_ == 0) drained_.notify_all();
}

}  // namespace mmo::sync
