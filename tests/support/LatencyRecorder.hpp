#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace mmo::test {

// p50/p99/max of a set of latencies, in milliseconds.
struct LatencySummary {
    std::size_t samples = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

// Nearest-rank p50, p99 and max of `millis` (all 0 for none).
LatencySummary summarize(std::vector<double> millis);
// "p50 1.2 ms, p99 4.5 ms, max 9.0 ms (812 samples)"
std::string describe(const LatencySummary& summary);

// Latencies stamped with when the action started, so a test can summarize a window (before a fault,
// during it). Thread-safe.
class LatencyRecorder {
  public:
    using Clock = std::chrono::steady_clock;

    void record(Clock::time_point startedAt, std::chrono::duration<double, std::milli> latency);
    // The latencies (ms) of actions started in [from, to).
    std::vector<double> millis(Clock::time_point from = Clock::time_point::min(),
                               Clock::time_point to = Clock::time_point::max()) const;

  private:
    struct Sample {
        Clock::time_point startedAt;
        double millis;
    };
    mutable std::mutex mutex_;
    std::vector<Sample> samples_;
};

}  // namespace mmo::test
