#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "cli/bench/LatencySummary.hpp"

namespace mmo::cli::bench::players {

// Latencies in microseconds, counted into log-linear buckets (exact below 64 us, then 32 buckets per
// power of two: within 3.2 %), so millions of samples cost no memory and many threads may record at
// once (relaxed atomic counters).
class LatencyHistogram {
  public:
    static constexpr std::size_t kBuckets = 64 + 32 * 40;

    void record(std::uint64_t micros);
    void recordMillis(double millis);
    // p50, p99 (the upper edge of the bucket holding the nearest rank, at most the largest sample) and
    // max, in milliseconds; all 0 without samples.
    LatencySummary summary() const;
    std::uint64_t samples() const { return samples_.load(std::memory_order_relaxed); }

    // The bucket of a value and the largest value that bucket holds (exposed for tests).
    static std::size_t bucketOf(std::uint64_t micros);
    static std::uint64_t upperEdge(std::size_t bucket);

  private:
    std::array<std::atomic<std::uint64_t>, kBuckets> counts_{};
    std::atomic<std::uint64_t> samples_{0};
    std::atomic<std::uint64_t> max_{0};
};

}  // namespace mmo::cli::bench::players
