#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace mmo::cli::bench::players {

// CPU time (user + system) and resident memory of a process, from /proc (Linux).
struct ProcSample {
    double cpuSeconds = 0;
    std::uint64_t rssKb = 0;
};

// VmRSS of a /proc/<pid>/status text, in kB; nullopt without one.
std::optional<unsigned long long> rssKbFromStatus(const std::string& text);
// Both for a running process (CPU from cli/bench/ProcStat); nullopt when it is gone or /proc cannot be read.
std::optional<ProcSample> sampleProcess(int pid);

}  // namespace mmo::cli::bench::players
