#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/world/World.hpp"
#include "node/sync/Outbox.hpp"
#include "node/sync/SyncMetrics.hpp"
#include "node/sync/SyncTypes.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::sync {

// Collects this region's world changes and turns them into batches. A submit is stamped with the hybrid
// clock, appended to the outbox and fsynced (group commit: one fsync for everything that arrived
// meanwhile), applied to the world, and only then acknowledged. A batch is sealed when it holds
// batch_size changes or flush_every_seconds after its first change, whichever comes first, and at
// shutdown; its seal is fsynced before it is handed to the publisher, so after a crash it is
// republished with the same sequence and message id. All outbox and batching state is owned by one
// sync thread; submit() and onPublished() only queue work for it.
class SyncManager {
  public:
    using PublishSink = std::function<void(std::shared_ptr<const SealedBatch>)>;

    // `time` drives the flush timer and the seal retry (SyncClock.hpp); `clock` stamps the changes.
    SyncManager(SyncSettings settings, world::World& world, codec::HybridLogicalClock& clock, Outbox& outbox,
                SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger, PublishSink publish,
                SyncClock& time);
    ~SyncManager();
    SyncManager(const SyncManager&) = delete;
    SyncManager& operator=(const SyncManager&) = delete;

    // Re-applies what the outbox held to the world and hands its sealed batches to the publisher again.
    // Call once, before start().
    void recover(OutboxContents contents);
    // Who hears about local changes that took effect (set before start()).
    void setAppliedObserver(AppliedChangesObserver observer) { observer_ = std::move(observer); }
    // Starts the sync thread.
    void start();
    // Queues writes; done runs (on the sync thread) once they reach `level`, or with an error.
    void submit(std::vector<BlockWrite> writes, AckLevel level, SubmitCallback done);
    // The publisher's report that batch `sequence` was acknowledged by JetStream.
    void onPublished(std::uint64_t sequence);
    // Stops taking writes, seals what is pending, waits up to the drain timeout for the sealed batches to
    // be acknowledged, then stops the thread. What is not acknowledged by then stays in the outbox.
    void stop();

    // Local changes not yet sealed into a batch.
    std::size_t pendingChanges() const;
    // Local changes sealed but not yet acknowledged, plus pending ones: everything only this node has.
    std::size_t unpublishedChanges() const;
    // Sequence of the last acknowledged batch (0 when none yet).
    std::uint64_t lastPublishedSeq() const;
    // When the last batch was sealed (system clock), if any.
    std::optional<std::chrono::system_clock::time_point> lastFlush() const;

  private:
    struct Submission {
        std::vector<BlockWrite> writes;
        AckLevel level;
        SubmitCallback done;
    };
    struct Waiter {                // a Published-level submission waiting for its batch
        std::size_t endInPending;  // index past its last change in pending_
        SubmitCallback done;
        SubmitResult result;
    };
    struct Round {
        std::vector<Submission> submissions;
        std::vector<std::uint64_t> acks;
        bool draining = false;
        bool stopping = false;
    };
    struct SealPlan {  // the next `count` pending changes form batch `seq`
        std::uint64_t seq;
        std::size_t count;
        const char* reason;  // the sync_flushes_total label
    };

    void run();
    void processRound(Round& round);
    void recordAcks(const std::vector<std::uint64_t>& acks, std::vector<std::function<void()>>& completions);
    // Stamps, persists (one fsync, together with the seals of the batches they complete), applies and
    // queues the round's writes.
    void acceptSubmissions(std::vector<Submission>& submissions, bool draining,
                           std::vector<std::function<void()>>& completions);
    void compactOutbox();
    // Seals whatever is due that acceptSubmissions did not (the timer, shutdown, a retry after a failure).
    void sealDue(bool draining);
    // The batches due with `pendingCount` changes pending and the timer at `deadline`.
    std::vector<SealPlan> planSeals(std::size_t pendingCount, SyncClock::time_point deadline, bool draining,
                                    SyncClock::time_point now) const;
    // After the seal records of `plans` are durable: cuts the batches off pending_ and hands them over.
    void commitSeals(const std::vector<SealPlan>& plans, SyncClock::time_point now);
    void updateGauges();
    SyncClock::time_point nextWake() const;

    const SyncSettings settings_;
    world::World& world_;
    codec::HybridLogicalClock& clock_;
    Outbox& outbox_;
    SyncMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;
    PublishSink publish_;
    AppliedChangesObserver observer_;

    // The sync thread; its mutex guards what submit()/onPublished()/stop() share with it.
    Worker worker_;
    std::mutex& mutex_ = worker_.mutex();
    std::condition_variable drained_;
    std::vector<Submission> incoming_;
    std::vector<std::uint64_t> acks_;
    bool draining_ = false;
    std::size_t pendingCount_ = 0;
    std::size_t sealedCount_ = 0;  // changes in sealed, unacknowledged batches
    std::uint64_t lastPublished_ = 0;
    std::optional<std::chrono::system_clock::time_point> lastFlush_;

    // Owned by the sync thread.
    std::vector<codec::BlockChange> pending_;
    SyncClock::time_point flushDeadline_{};
    SyncClock::time_point retrySealAfter_{};
    std::deque<std::shared_ptr<const SealedBatch>> sealed_;
    std::vector<Waiter> pendingWaiters_;
    std::map<std::uint64_t, std::vector<Waiter>> batchWaiters_;
    std::uint64_t nextSeq_ = 1;
};

}  // namespace mmo::sync
