#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace mmo::cli::bench {

// utime + stime in clock ticks from the text of /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat):
// fields 14 and 15, counted from the last ')' because the command name before it may hold spaces and
// parentheses. nullopt when the text does not have them.
std::optional<std::uint64_t> cpuTicksOfStat(std::string_view text);

// User + system CPU seconds process `pid` (every thread, not its children) has used so far; nullopt when
// /proc/<pid>/stat cannot be read (pid 0, gone, another machine).
std::optional<double> processCpuSeconds(int pid);

// The processes whose CPU a pass measures.
struct CpuPids {
    std::vector<int> nodes;  // the set's mmo-node processes (none for a baseline)
    int natsServer = 0;      // 0 when the set's NATS is not a process bench can see
};

// CPU seconds used so far by the nodes (summed; nullopt when there are none or one cannot be read),
// nats-server and this process (mmoctl: the load driver, or a baseline's clients), at one moment.
struct CpuReading {
    std::chrono::steady_clock::time_point at;
    std::optional<double> nodes;
    std::optional<double> natsServer;
    std::optional<double> mmoctl;
};

CpuReading readCpu(const CpuPids& pids);

// The CPU seconds used between two readings (nullopt where either lacks the figure).
struct CpuUsage {
    double windowSeconds = 0;
    std::optional<double> nodes;
    std::optional<double> natsServer;
    std::optional<double> mmoctl;
};

CpuUsage cpuBetween(const CpuReading& start, const CpuReading& end);

// seconds per million of `changes` (nullopt without seconds or changes).
std::optional<double> perMillion(const std::optional<double>& seconds, double changes);

}  // namespace mmo::cli::bench
