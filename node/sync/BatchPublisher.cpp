#include "node/sync/BatchPublisher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "common/eventbus/BusError.hpp"

namespace mmo::sync {

namespace {
constexpr auto kMinBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(2000);
constexpr auto kErrorLogInterval = std::chrono::seconds(10);
// The PubAck wait of a retry: 1 s, doubling with each further failure up to the publish timeout. A retry
// sent while the stream is still unavailable (a restarting server that routes the request but does not
// answer it yet) is given up and sent again soon after, not 5 s later; a slow link still gets the full time.
constexpr auto kFirstRetryPubAckWait = std::chrono::milliseconds(1000);
}  // namespace

BatchPublisher::BatchPublisher(eventbus::BusSettings bus, bool gzip, std::uint64_t epoch,
                               SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                               AckListener onAck, SyncClock& time)
    : bus_(std::move(bus)),
      gzip_(gzip),
      epoch_(epoch),
      metrics_(metrics),
      logger_(std::move(logger)),
      onAck_(std::move(onAck)),
      worker_("publisher", time) {}

BatchPublisher::~BatchPublisher() {
    stop();
}

void BatchPublisher::enqueue(std::shared_ptr<const SealedBatch> batch) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(batch));
    worker_.notify();
}

void BatchPublisher::attach(std::shared_ptr<eventbus::AsyncPublisher> connection) {
    std::lock_guard lock(mutex_);
    connection_ = std::move(connection);
    worker_.notify();
}

void BatchPublisher::onReconnected() {
    std::lock_guard lock(mutex_);
    reconnected_ = true;
    reconnectedAt_ = worker_.clock().now();
    worker_.notify();
}

void BatchPublisher::start() {
    worker_.start([this] { run(); });
}

void BatchPublisher::stop() {
    worker_.stop();
}

std::size_t BatchPublisher::queuedBatches() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void BatchPublisher::run() {
    using State = InFlight::State;
    auto backoff = kMinBackoff;
    int failures = 0;  // since the last PubAck
    const auto pubAckWait = [&] {
        if (failures == 0) return bus_.publishTimeout;
        const auto wait = kFirstRetryPubAckWait * (1LL << std::min(failures - 1, 8));
        return std::min(std::chrono::duration_cast<std::chrono::milliseconds>(wait), bus_.publishTimeout);
    };
    auto lastErrorLog = SyncClock::time_point{};
    // The connection the batches in flight went out on.
    std::shared_ptr<eventbus::AsyncPublisher> sending;
    for (;;) {
        std::vector<std::pair<std::shared_ptr<const SealedBatch>, std::shared_ptr<InFlight>>> acked;
        std::vector<std::pair<std::shared_ptr<const SealedBatch>, std::shared_ptr<InFlight>>> toSend;
        std::shared_ptr<eventbus::AsyncPublisher> connection;
        std::string failure;  // not empty: give up everything in flight and publish it again
        std::uint64_t failedSeq = 0;
        bool retryNow = false;  // the link is back or was replaced: publish again without a backoff
        bool stop = false;
        {
            std::unique_lock lock(mutex_);
            const auto ready = [&] {
                if (!inFlight_.empty() &&
                    (inFlight_.front()->state != State::Waiting || connection_ != sending ||
                     (reconnected_ && inFlight_.front()->sentAt < reconnectedAt_)))
                    return true;
                return connection_ && inFlight_.size() < std::min(queue_.size(), kMaxInFlight);
            };
            if (inFlight_.empty())
                worker_.wait(lock, ready);
            else
                worker_.waitUntil(lock, inFlight_.front()->sentAt + pubAckWait(), ready);
            stop = worker_.stopRequested();
            // Only the acknowledged prefix is reported, in order.
            while (!inFlight_.empty() && inFlight_.front()->state == State::Acked) {
                acked.emplace_back(queue_.front(), inFlight_.front());
                queue_.pop_front();
                inFlight_.pop_front();
            }
            const auto now = worker_.clock().now();
            if (!stop && !inFlight_.empty()) {
                const auto& head = *inFlight_.front();
                failedSeq = queue_.front()->sequence;
                if (head.state == State::Failed)
                    failure = head.error;
                else if (connection_ != sending) {
                    failure = "the NATS connection was replaced";
                    retryNow = true;
                } else if (reconnected_ && head.sentAt < reconnectedAt_) {
                    // Sent before the link broke: its PubAck may be lost with the old socket. Publishing it
                    // again now (same message id) beats waiting out the rest of the PubAck timeout.
                    failure = fmt::format("NATS reconnected while batch {} waited for its PubAck", failedSeq);
                    reconnected_ = false;
                    retryNow = true;
                } else if (now >= head.sentAt + pubAckWait())
                    failure = fmt::format("publish {} {}: {} (no PubAck within {} ms)",
                                          bus_.syncSubject(bus_.regionId),
                                          codec::wire::batchMessageId(bus_.regionId, epoch_, failedSeq),
                                          natsStatus_GetText(NATS_TIMEOUT), pubAckWait().count());
            }
            if (!stop && failure.empty() && connection_) {
                connection = connection_;
                if (inFlight_.size() < std::min(queue_.size(), kMaxInFlight))
                    reconnected_ = false;  // these sends already go out on the restored link
                while (inFlight_.size() < std::min(queue_.size(), kMaxInFlight)) {
                    auto slot = std::make_shared<InFlight>();
                    slot->sentAt = now;
                    toSend.emplace_back(queue_[inFlight_.size()], slot);
                    inFlight_.push_back(std::move(slot));
                }
            }
        }
        for (const auto& [batch, slot] : acked) {
            // Counted once, when the batch is first acknowledged (a republished copy is a duplicate).
            metrics_.publishedBatches.inc();
            metrics_.publishedChanges.inc(static_cast<double>(batch->changes.size()));
            metrics_.publishedBytes.inc(static_cast<double>(slot->bytes));
            metrics_.publishedRawBytes.inc(static_cast<double>(slot->rawBytes));
            logger_->debug("Published batch {} ({} changes, {} bytes) as stream seq {}{}", batch->sequence,
                           batch->changes.size(), slot->bytes, slot->result.streamSeq,
                           slot->result.duplicate ? " (duplicate)" : "");
            onAck_(batch->sequence);
        }
        if (!acked.empty()) {
            backoff = kMinBackoff;
            failures = 0;
            failing_ = false;  // readiness: publishing works again
        }
        if (stop) {
            // Whatever is not acknowledged stays in the outbox and is published at the next start.
            if (sending) sending->abandonAsyncPublishes();
            return;
        }
        if (!failure.empty()) {
            if (sending) sending->abandonAsyncPublishes();  // no callback runs after this
            sending.reset();
            {
                std::lock_guard lock(mutex_);
                inFlight_.clear();  // the batches stay at the front of the queue
            }
            metrics_.publishErrors.inc();
            ++failures;
            if (retryNow) {
                logger_->info("Publisher: {}; publishing batch {} again now (batches waiting: {})", failure,
                              failedSeq, queuedBatches());
                backoff = kMinBackoff;
                continue;
            }
            failing_ = true;  // readiness: the batches at the head cannot be published now
            const auto now = worker_.clock().now();
            if (now - lastErrorLog >= kErrorLogInterval) {
                logger_->warn("Publish of batch {} failed, retrying (batches waiting: {}): {}", failedSeq,
                              queuedBatches(), failure);
                lastErrorLog = now;
            }
            bool woken = false;
            {
                std::unique_lock lock(mutex_);
                // A stop request or a reconnect ends the backoff early.
                worker_.waitFor(lock, backoff, [this] { return reconnected_; });
                woken = std::exchange(reconnected_, false);
            }
            if (woken) {
                logger_->info(
                    "Publisher: NATS reconnected; publishing batch {} again now (batches waiting: {})",
                    failedSeq, queuedBatches());
                backoff = kMinBackoff;
            } else {
                backoff =
                    std::min(backoff * 2, std::chrono::duration_cast<std::chrono::milliseconds>(kMaxBackoff));
            }
            continue;
        }
        for (std::size_t i = 0; i < toSend.size(); ++i) {
            sending = connection;
            try {
                sendAsync(*toSend[i].first, toSend[i].second, *connection);
            } catch (const eventbus::BusError& e) {
                // nats.c did not take it: this one and the ones after it were not sent.
                std::lock_guard lock(mutex_);
                for (std::size_t j = i; j < toSend.size(); ++j) {
                    toSend[j].second->state = State::Failed;
                    toSend[j].second->error = e.what();
                }
                worker_.notify();
                break;
            }
        }
    }
}

void BatchPublisher::sendAsync(const SealedBatch& sealed, const std::shared_ptr<InFlight>& slot,
                               eventbus::AsyncPublisher& connection) {
    codec::Batch batch;
    batch.origin = bus_.regionId;
    batch.sequence = sealed.sequence;
    batch.changes = sealed.changes;
    std::uint64_t created = 0;
    for (const auto& c : batch.changes) created = std::max(created, c.hlc);
    batch.created_hlc = created;
    const auto payload = codec_.encode(batch, gzip_);
    const auto header = codec::BatchCodec::peekHeader(payload);
    const std::size_t raw = header ? codec::BatchCodec::kFrameHeaderSize + header->body_size : payload.size();
    {
        std::lock_guard lock(mutex_);
        slot->bytes = payload.size();
        slot->rawBytes = raw;
    }
    const eventbus::Headers headers{
        {codec::wire::kOriginHeader, bus_.regionId},
        {codec::wire::kEncodingHeader, gzip_ ? codec::wire::kEncodingGzip : codec::wire::kEncodingIdentity},
        {codec::wire::kChangesHeader, std::to_string(batch.changes.size())},
        {codec::wire::kBatchSeqHeader, std::to_string(batch.sequence)}};
    connection.publishAsync(bus_.syncSubject(bus_.regionId), payload,
                            codec::wire::batchMessageId(bus_.regionId, epoch_, batch.sequence), headers,
                            [this, slot](const eventbus::AsyncPublishOutcome& outcome) {
                                std::lock_guard lock(mutex_);
                                if (outcome.ok) {
                                    slot->state = InFlight::State::Acked;
                                    slot->result = outcome.result;
                                } else {
                                    slot->state = InFlight::State::Failed;
                                    slot->error = outcome.error;
                                }
                                worker_.notify();
                            });
}

}  // namespace mmo::sync
