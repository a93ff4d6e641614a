#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "cli/bench/players/LatencyHistogram.hpp"
#include "cli/bench/players/RegionLoad.hpp"

namespace mmo::cli::bench::players {

// GETs every region's /metrics every `interval` on its own thread while the players play and measures how
// long each scrape takes (a Prometheus scrape under load); scrapes started inside the window count.
class MetricsProbe {
  public:
    MetricsProbe(std::vector<int> metricsPorts, std::chrono::milliseconds interval,
                 const MeasureWindow& window);
    ~MetricsProbe();
    MetricsProbe(const MetricsProbe&) = delete;
    MetricsProbe& operator=(const MetricsProbe&) = delete;

    void start();
    void stop();
    const LatencyHistogram& latency(std::size_t region) const { return *latency_[region]; }
    std::uint64_t failures(std::size_t region) const { return failures_[region]->load(); }

  private:
    void run();

    std::vector<int> ports_;
    std::chrono::milliseconds interval_;
    const MeasureWindow& window_;
    std::vector<std::unique_ptr<LatencyHistogram>> latency_;
    std::vector<std::unique_ptr<std::atomic<std::uint64_t>>> failures_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace mmo::cli::bench::players
