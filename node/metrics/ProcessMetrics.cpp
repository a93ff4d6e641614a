#include "node/metrics/ProcessMetrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace mmo::metrics {

namespace {

std::string readAll(const char* path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

double bootTime() {
    std::istringstream in(readAll("/proc/stat"));
    std::string key;
    while (in >> key) {
        if (key == "btime") {
            double value = 0;
            in >> value;
            return value;
        }
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return 0;
}

double openFds() {
    std::error_code error;
    double count = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
         it.increment(error))
        ++count;
    return count > 0 ? count - 1 : 0;  // minus the descriptor of the iteration itself
}

}  // namespace

std::optional<ProcessStats> parseProcStat(const std::string& stat, long ticksPerSecond, long pageSize,
                                          double bootTimeSeconds) {
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const auto close = stat.rfind(')');
    if (close == std::string::npos || ticksPerSecond <= 0) return std::nullopt;
    std::istringstream in(stat.substr(close + 1));
    std::vector<std::string> fields;  // fields[0] is field 3 (state) of proc(5)
    for (std::string field; in >> field;) fields.push_back(field);
    if (fields.size() < 22) return std::nullopt;
    try {
        ProcessStats stats;
        const auto ticks = static_cast<double>(ticksPerSecond);
        stats.cpuSeconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;   // utime, stime
        stats.startTimeSeconds = bootTimeSeconds + std::stod(fields[19]) / ticks;     // starttime
        stats.virtualBytes = std::stod(fields[20]);                                   // vsize
        stats.residentBytes = std::stod(fields[21]) * static_cast<double>(pageSize);  // rss pages
        return stats;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<ProcessStats> readProcessStats() {
    auto stats = parseProcStat(readAll("/proc/self/stat"), ::sysconf(_SC_CLK_TCK), ::sysconf(_SC_PAGESIZE),
                               bootTime());
    if (!stats) return std::nullopt;
    stats->openFds = openFds();
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        stats->maxFds = static_cast<double>(limit.rlim_cur);
    return stats;
}

void writeProcessMetrics(SampleWriter& out) {
    const auto stats = readProcessStats();
    if (!stats) return;
    auto gauge = [&out](const char* name, const char* help, double value) {
        out.header(name, help, MetricType::Gauge);
        out.sample(name, {}, value);
    };
    out.header("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
               MetricType::Counter);
    out.sample("process_cpu_seconds_total", {}, stats->cpuSeconds);
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.", stats->residentBytes);
    gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", stats->virtualBytes);
    gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
          stats->startTimeSeconds);
    gauge("process_open_fds", "Number of open file descriptors.", stats->openFds);
    if (stats->maxFds) gauge("process_max_fds", "Maximum number of open file descriptors.", *stats->maxFds);
}

}  // namespace mmo::metrics
