#include "node/sync/BatchPublisher.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "node/eventbus/BusError.hpp"

namespace mmo::sync {

namespace {
constexpr auto kMinBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(2000);
constexpr auto kErrorLogInterval = std::chrono::seconds(10);
}  // namespace

std::string batchMessageId(const std::string& region, std::uint64_t epoch, std::uint64_t sequence) {
    return fmt::format("{}-{:016x}-{}", region, epoch, sequence);
}

BatchPublisher::BatchPublisher(eventbus::BusSettings bus, bool gzip, std::uint64_t epoch,
                               SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                               AckListener onAck)
    : bus_(std::move(bus)),
      gzip_(gzip),
      epoch_(epoch),
      metrics_(metrics),
      logger_(std::move(logger)),
      onAck_(std::move(onAck)) {}

BatchPublisher::~BatchPublisher() {
    stop();
}

void BatchPublisher::enqueue(std::shared_ptr<const SealedBatch> batch) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(batch));
    wake_.notify_one();
}

void BatchPublisher::attach(std::shared_ptr<eventbus::NatsConnection> connection) {
    std::lock_guard lock(mutex_);
    connection_ = std::move(connection);
    wake_.notify_one();
}

void BatchPublisher::start() {
    thread_ = std::thread([this] { run(); });
}

void BatchPublisher::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
}

std::size_t BatchPublisher::queuedBatches() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void BatchPublisher::run() {
    auto backoff = kMinBackoff;
    auto lastErrorLog = std::chrono::steady_clock::time_point{};
    for (;;) {
        std::shared_ptr<const SealedBatch> batch;
        std::shared_ptr<eventbus::NatsConnection> connection;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || (!queue_.empty() && connection_); });
            if (stopping_) return;
            batch = queue_.front();
            connection = connection_;
        }
        try {
            publishOne(*batch, *connection);
            backoff = kMinBackoff;
            std::lock_guard lock(mutex_);
            queue_.pop_front();
        } catch (const eventbus::BusError& e) {
            metrics_.publishErrors.inc();
            const auto now = std::chrono::steady_clock::now();
            if (now - lastErrorLog >= kErrorLogInterval) {
                logger_->warn("Publish of batch {} failed, retrying (batches waiting: {}): {}",
                              batch->sequence, queuedBatches(), e.what());
                lastErrorLog = now;
            }
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, backoff, [&] { return stopping_; });
            backoff =
                std::min(backoff * 2, std::chrono::duration_cast<std::chrono::milliseconds>(kMaxBackoff));
        }
    }
}

void BatchPublisher::publishOne(const SealedBatch& sealed, eventbus::NatsConnection& connection) {
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
    const eventbus::Headers headers{{kOriginHeader, bus_.regionId},
                                    {kEncodingHeader, gzip_ ? "gzip" : "identity"},
                                    {kChangesHeader, std::to_string(batch.changes.size())},
                                    {kBatchSeqHeader, std::to_string(batch.sequence)}};
    const auto result = connection.publish(bus_.syncSubject(bus_.regionId), payload,
                                           batchMessageId(bus_.regionId, epoch_, batch.sequence), headers,
                                           bus_.publishTimeout);
    metrics_.publishedBatches.inc();
    metrics_.publishedChanges.inc(static_cast<double>(batch.changes.size()));
    metrics_.publishedBytes.inc(static_cast<double>(payload.size()));
    metrics_.publishedRawBytes.inc(static_cast<double>(raw));
    logger_->debug("Published batch {} ({} changes, {} bytes) as stream seq {}{}", batch.sequence,
                   batch.changes.size(), payload.size(), result.streamSeq,
                   result.duplicate ? " (duplicate)" : "");
    onAck_(batch.sequence);
}

}  // namespace mmo::sync
