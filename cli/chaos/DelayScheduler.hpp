#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

#include "cli/chaos/LinkShape.hpp"

namespace mmo::cli::chaos {

// When the data read from one side of one connection, in one direction, may be delivered: its arrival
// plus the latency plus a jitter drawn uniformly from [-jitter, +jitter], but never before it arrived and
// never before the data read before it (TCP delivers in order, so a chunk with less jitter waits for the
// one ahead of it). Time comes in as arguments, so tests run on a fake clock.
class DelayScheduler {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit DelayScheduler(std::uint64_t seed);

    // The delivery time of data that arrived at `arrival`, under `shape` (only latency and jitter count).
    TimePoint deliveryTime(TimePoint arrival, const LinkShape& shape);

  private:
    std::mt19937_64 random_;
    std::optional<TimePoint> previous_;
};

}  // namespace mmo::cli::chaos
