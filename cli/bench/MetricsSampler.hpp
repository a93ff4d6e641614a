#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/state/StateFile.hpp"

namespace mmo::cli::bench {

// The sync counters of one region at one moment (GET /metrics).
struct RegionCounters {
    bool ok = false;
    double publishedChanges = 0;                    // eventbus_published_changes_total
    double publishedBytes = 0;                      // eventbus_published_bytes_total (wire)
    double publishedRawBytes = 0;                   // eventbus_published_raw_bytes_total (before gzip)
    double publishedBatches = 0;                    // eventbus_published_batches_total
    std::map<std::string, double> consumedChanges;  // eventbus_consumed_changes_total{source_region}
};

// Every region's counters at one moment (steady clock).
struct CounterSample {
    std::chrono::steady_clock::time_point at;
    std::map<std::string, RegionCounters> regions;
};

// Scrapes every region's /metrics every `interval` on its own thread and keeps the samples, so the report
// can tell when each (source, destination) pair applied its last change.
class MetricsSampler {
  public:
    MetricsSampler(std::vector<RegionRecord> regions, std::chrono::milliseconds interval);
    ~MetricsSampler();
    MetricsSampler(const MetricsSampler&) = delete;
    MetricsSampler& operator=(const MetricsSampler&) = delete;

    // One scrape of every region, now, on the calling thread.
    CounterSample scrapeNow() const;
    void start();
    void stop();
    // Samples taken at or after `from`, oldest first.
    std::vector<CounterSample> since(std::chrono::steady_clock::time_point from) const;
    // The latest sample (scrapes now when there is none).
    CounterSample latest() const;

  private:
    std::vector<RegionRecord> regions_;
    std::chrono::milliseconds interval_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<CounterSample> samples_;
};

// RegionCounters from a /metrics text (exposed for tests).
RegionCounters countersFromText(const std::string& text);

}  // namespace mmo::cli::bench
