#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

// What the plots of `bench sync --report` need of a pair, in bounded memory: the latency distribution as a
// fixed number of quantiles and the applied changes counted per interval of the pass.
namespace mmo::cli::bench {

// The latency CDF has this many points: the quantiles i / (kCdfPoints - 1), 0 (min) to 1 (max).
inline constexpr int kCdfPoints = 201;

// The latency (ms) at each of the kCdfPoints quantiles (nearest rank, like percentile()); empty for no
// values.
std::vector<double> latencyCdf(std::vector<double> values);

// The interval of the throughput series of a pass of `duration`: duration / 100, at least 0.1 s.
double seriesIntervalSeconds(std::chrono::milliseconds duration);

// Changes counted per interval since the start of a pass; at most kMaxIntervals intervals (later
// counts go to the last one).
class IntervalCounter {
  public:
    static constexpr std::size_t kMaxIntervals = 10000;

    explicit IntervalCounter(double intervalSeconds = 1.0) : interval_(intervalSeconds) {}

    // Counts `changes` at `secondsFromStart` (negative times count in the first interval).
    void add(double secondsFromStart, std::uint64_t changes);

    double intervalSeconds() const { return interval_; }
    // Changes per second in each interval, from the first to the last one with a count.
    std::vector<double> perSecond() const;

  private:
    double interval_;
    std::vector<std::uint64_t> counts_;
};

}  // namespace mmo::cli::bench
