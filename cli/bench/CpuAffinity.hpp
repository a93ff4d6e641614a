#pragma once

#include <set>
#include <vector>

namespace mmo::cli::bench {

// The CPUs this process may run on (sched_getaffinity).
std::set<int> allowedCpus();

// Pins every thread of the processes to `cpus` (sched_setaffinity per /proc/<pid>/task entry, read again
// until no new thread shows up; threads made later inherit it from their pinned creator) and, when this
// goes away, gives each thread still there the mask its process's main thread had before. Throws
// std::runtime_error naming the pid when a process cannot be pinned.
class ProcessPinning {
  public:
    ProcessPinning(const std::vector<int>& pids, const std::set<int>& cpus);
    ~ProcessPinning();
    ProcessPinning(const ProcessPinning&) = delete;
    ProcessPinning& operator=(const ProcessPinning&) = delete;

  private:
    std::vector<std::pair<int, std::set<int>>> before_;
};

}  // namespace mmo::cli::bench
