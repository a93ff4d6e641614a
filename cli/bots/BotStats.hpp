#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace mmo::cli {

// What the bots of one region did, shared by them (thread-safe).
class BotStats {
  public:
    std::atomic<std::uint64_t> connected{0};     // bots past the handshake
    std::atomic<std::uint64_t> actionsSent{0};   // PLACE_BLOCK and BREAK_BLOCK frames
    std::atomic<std::uint64_t> actionsAcked{0};  // BLOCK_ACKs
    std::atomic<std::uint64_t> updatesReceived{0};
    std::atomic<std::uint64_t> crossRegionUpdates{0};  // updates whose origin is another region
    std::atomic<std::uint64_t> errors{0};              // ERROR frames (rate_limited included)
    std::atomic<std::uint64_t> disconnects{0};
    std::atomic<std::uint64_t> positionsReceived{0};  // UDP datagrams

    // Records one place->ack latency.
    void addLatency(double ms);
    // The q-quantile (0..1) of the latencies in ms, 0 when there are none.
    double latencyPercentile(double q) const;

  private:
    mutable std::mutex mutex_;
    std::vector<double> latencies_;
};

}  // namespace mmo::cli
