#include "cli/bench/CpuAffinity.hpp"

#include <sched.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace mmo::cli::bench {

namespace {

std::set<int> maskOf(int tid) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    if (::sched_getaffinity(tid, sizeof mask, &mask) != 0)
        throw std::runtime_error("sched_getaffinity(" + std::to_string(tid) + "): " + std::strerror(errno));
    std::set<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &mask)) cpus.insert(cpu);
    return cpus;
}

cpu_set_t maskFrom(const std::set<int>& cpus) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    for (const int cpu : cpus)
        if (cpu >= 0 && cpu < CPU_SETSIZE) CPU_SET(cpu, &mask);
    return mask;
}

std::set<int> threadsOf(int pid) {
    std::set<int> tids;
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error))
        tids.insert(std::atoi(entry.path().filename().c_str()));
    return tids;
}

// Sets the mask of every thread of pid; returns false when the process has no thread left to set.
bool applyToThreads(int pid, const cpu_set_t& mask, bool strict) {
    std::set<int> done;
    for (;;) {
        const auto tids = threadsOf(pid);
        bool added = false;
        for (const int tid : tids) {
            if (!done.insert(tid).second) continue;
            added = true;
            // A thread that ended meanwhile is fine (ESRCH).
            if (::sched_setaffinity(tid, sizeof mask, &mask) != 0 && errno != ESRCH && strict)
                throw std::runtime_error("cannot pin thread " + std::to_string(tid) + " of process " +
                                         std::to_string(pid) + ": " + std::strerror(errno));
        }
        if (!added) return !done.empty();
    }
}

}  // namespace

std::set<int> allowedCpus() {
    return maskOf(0);
}

ProcessPinning::ProcessPinning(const std::vector<int>& pids, const std::set<int>& cpus) {
    const auto mask = maskFrom(cpus);
    try {
        for (const int pid : pids) {
            before_.emplace_back(pid, maskOf(pid));
            if (!applyToThreads(pid, mask, true))
                throw std::runtime_error("process " + std::to_string(pid) + " has no thread to pin");
        }
    } catch (...) {
        for (const auto& [pid, cpusBefore] : before_) applyToThreads(pid, maskFrom(cpusBefore), false);
        throw;
    }
}

ProcessPinning::~ProcessPinning() {
    for (const auto& [pid, cpus] : before_) applyToThreads(pid, maskFrom(cpus), false);
}

}  // namespace mmo::cli::bench
