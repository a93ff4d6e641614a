#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::metrics {

// The standard process_* figures, read from /proc at scrape time.
struct ProcessStats {
    double cpuSeconds = 0;  // user + system
    double residentBytes = 0;
    double virtualBytes = 0;
    double startTimeSeconds = 0;  // since the Unix epoch
    double openFds = 0;
    std::optional<double> maxFds;  // the soft RLIMIT_NOFILE; absent when unlimited
};

// Parses /proc/self/stat content (fields after the parenthesised command name), given the clock ticks
// per second, the page size and the boot time (btime of /proc/stat); nullopt when malformed.
std::optional<ProcessStats> parseProcStat(const std::string& stat, long ticksPerSecond, long pageSize,
                                          double bootTimeSeconds);

// Reads this process's figures; nullopt when /proc is not available.
std::optional<ProcessStats> readProcessStats();

// Writes process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_start_time_seconds, process_open_fds and process_max_fds (registry collector).
void writeProcessMetrics(SampleWriter& out);

}  // namespace mmo::metrics
