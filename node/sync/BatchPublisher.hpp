#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/SyncWire.hpp"
#include "common/eventbus/AsyncPublisher.hpp"
#include "common/eventbus/BusSettings.hpp"
#include "node/sync/Outbox.hpp"
#include "node/sync/SyncMetrics.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::sync {

// Publishes sealed batches in order on <stream>.sync.<region>, up to kMaxInFlight at a time
// (asynchronous JetStream publishes), and reports them acknowledged strictly in batch order: onAck(seq)
// runs once per batch, only when it and every batch before it have their PubAck. If the oldest batch in
// flight fails or gets no PubAck within the publish timeout, everything in flight is given up and
// published again from that batch on, with the same message ids (JetStream answers copies it already
// stored as duplicates, which count as acknowledged). While NATS is unreachable it keeps the queue and
// retries with backoff; nothing is dropped. Runs its own thread.
class BatchPublisher {
  public:
    using AckListener = std::function<void(std::uint64_t sequence)>;
    // Batches published and not yet acknowledged at any moment, per region.
    static constexpr std::size_t kMaxInFlight = codec::wire::kPublishWindow;

    // `time` drives the publish timeout and the retry backoff (SyncClock.hpp).
    BatchPublisher(eventbus::BusSettings bus, bool gzip, std::uint64_t epoch, SyncMetrics& metrics,
                   std::shared_ptr<spdlog::logger> logger, AckListener onAck, SyncClock& time);
    ~BatchPublisher();
    BatchPublisher(const BatchPublisher&) = delete;
    BatchPublisher& operator=(const BatchPublisher&) = delete;

    // Queues a batch (thread-safe).
    void enqueue(std::shared_ptr<const SealedBatch> batch);
    // Gives the publisher its connection once the stream is ready.
    void attach(std::shared_ptr<eventbus::AsyncPublisher> connection);
    // NATS is reachable again (nats.c reconnected): a retry waiting out its backoff goes at once, and the
    // backoff starts again from its minimum. Thread-safe; called from nats.c's callback thread.
    void onReconnected();
    void start();
    void stop();
    // Batches not yet acknowledged (in flight or waiting).
    std::size_t queuedBatches() const;
    // True from a failed publish (error or no PubAck in time) until the next acknowledgement: the batches
    // waiting cannot be published now (readiness, docs/rest-api.md#get-readyz).
    bool failing() const { return failing_.load(); }

  private:
    // One batch in flight; state and result are guarded by mutex_ (set from a nats.c thread).
    struct InFlight {
        enum class State { Waiting, Acked, Failed };
        State state = State::Waiting;
        eventbus::PublishResult result;
        std::string error;
        SyncClock::time_point sentAt;
        std::size_t bytes = 0;
        std::size_t rawBytes = 0;
    };

    void run();
    // Encodes and publishes batch asynchronously; throws BusError if nats.c does not take it.
    void sendAsync(const SealedBatch& batch, const std::shared_ptr<InFlight>& slot,
                   eventbus::AsyncPublisher& connection);

    const eventbus::BusSettings bus_;
    const bool gzip_;
    const std::uint64_t epoch_;
    SyncMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;
    AckListener onAck_;
    codec::BatchCodec codec_;  // used by the publisher thread only

    // The publisher thread; its mutex guards the queue and the window, which enqueue(), attach() and the
    // PubAck callbacks change. Lock order: the connection's callback lock, then this one (a PubAck callback
    // runs under the former and takes the latter), so publishAsync() and abandonAsyncPublishes() are never
    // called with this mutex held.
    Worker worker_;
    std::mutex& mutex_ = worker_.mutex();
    // Unacknowledged batches in sequence order; the first inFlight_.size() of them are published.
    std::deque<std::shared_ptr<const SealedBatch>> queue_;
    std::deque<std::shared_ptr<InFlight>> inFlight_;
    std::shared_ptr<eventbus::AsyncPublisher> connection_;
    bool reconnected_ = false;  // set by onReconnected(), consumed by the next retry or send
    SyncClock::time_point reconnectedAt_{};  // when onReconnected() last ran
    std::atomic<bool> failing_{false};
};

}  // namespace mmo::sync
