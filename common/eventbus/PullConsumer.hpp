#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "common/eventbus/NatsHandles.hpp"

namespace mmo::eventbus {

// A message fetched from the stream. Owns the nats.c message.
class IncomingMessage {
  public:
    explicit IncomingMessage(MsgHandle msg);
    std::string subject() const;
    std::span<const std::uint8_t> data() const;
    std::optional<std::string> header(const char* name) const;
    std::uint64_t streamSeq() const { return streamSeq_; }
    std::uint64_t numPending() const { return numPending_; }
    std::uint64_t numDelivered() const { return numDelivered_; }
    // Acknowledges it to the consumer (asynchronously: a lost ack only means a redelivery).
    void ack();

  private:
    MsgHandle msg_;
    std::uint64_t streamSeq_ = 0;
    std::uint64_t numPending_ = 0;
    std::uint64_t numDelivered_ = 0;
};

// The region's durable pull consumer on <stream>.sync.> (every region's batches, its own included so a
// restarted node also gets back what it published after its last snapshot). The node's snapshot is the
// authority on where to resume: a consumer that already delivered past resumeAfterSeq, or holds deliveries
// never acknowledged, is recreated to start right after it (or after its ack floor, if that is lower), so
// nothing the snapshot does not hold is skipped or waits for the ack wait.
class PullConsumer {
  public:
    // `connection` must outlive the consumer.
    PullConsumer(NatsConnection& connection, const BusSettings& settings, std::uint64_t resumeAfterSeq,
                 spdlog::logger& logger);
    // Unsubscribes and lets the read loop pass before the subscription is destroyed (see the .cpp).
    ~PullConsumer();
    PullConsumer(const PullConsumer&) = delete;
    PullConsumer& operator=(const PullConsumer&) = delete;

    // Messages waiting for this consumer when it was set up (0: it starts caught up).
    std::uint64_t pendingAtStart() const { return pendingAtStart_; }

    // Ends a fetch in progress on another thread (for shutdown); later fetches throw BusError.
    void interrupt();

    // Up to max messages, waiting at most timeout for the first; empty when none came.
    std::vector<IncomingMessage> fetch(int max, std::chrono::milliseconds timeout);

  private:
    NatsConnection& connection_;
    SubscriptionHandle subscription_;
    std::uint64_t pendingAtStart_ = 0;
};

}  // namespace mmo::eventbus
