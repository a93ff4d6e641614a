#include "cli/bench/ProcStat.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <string>

namespace mmo::cli::bench {

std::optional<std::uint64_t> cpuTicksOfStat(std::string_view text) {
    const auto close = text.rfind(')');
    if (close == std::string_view::npos) return std::nullopt;
    // After ") ": field 3 (state) is the first; utime and stime are fields 14 and 15.
    std::string_view rest = text.substr(close + 1);
    std::uint64_t utime = 0, stime = 0;
    int field = 2;
    std::size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && rest[i] == ' ') ++i;
        if (i >= rest.size()) break;
        const std::size_t begin = i;
        while (i < rest.size() && rest[i] != ' ' && rest[i] != '\n') ++i;
        ++field;
        if (field == 14 || field == 15) {
            std::uint64_t value = 0;
            const auto [end, error] = std::from_chars(rest.data() + begin, rest.data() + i, value);
            if (error != std::errc{} || end != rest.data() + i) return std::nullopt;
            (field == 14 ? utime : stime) = value;
            if (field == 15) return utime + stime;
        }
        if (i < rest.size() && rest[i] == '\n') break;
    }
    return std::nullopt;
}

std::optional<double> processCpuSeconds(int pid) {
    if (pid <= 0) return std::nullopt;
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    if (!file) return std::nullopt;
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto ticks = cpuTicksOfStat(text);
    static const long perSecond = ::sysconf(_SC_CLK_TCK);
    if (!ticks || perSecond <= 0) return std::nullopt;
    return static_cast<double>(*ticks) / static_cast<double>(perSecond);
}

CpuReading readCpu(const CpuPids& pids) {
    CpuReading r;
    r.at = std::chrono::steady_clock::now();
    if (!pids.nodes.empty()) {
        double sum = 0;
        bool all = true;
        for (const int pid : pids.nodes) {
            const auto s = processCpuSeconds(pid);
            all = all && s.has_value();
            sum += s.value_or(0);
        }
        if (all) r.nodes = sum;
    }
    r.natsServer = processCpuSeconds(pids.natsServer);
    r.mmoctl = processCpuSeconds(static_cast<int>(::getpid()));
    return r;
}

CpuUsage cpuBetween(const CpuReading& start, const CpuReading& end) {
    const auto between = [](const std::optional<double>& a, const std::optional<double>& b) {
        return a && b ? std::optional<double>(*b - *a) : std::nullopt;
    };
    CpuUsage u;
    u.windowSeconds = std::chrono::duration<double>(end.at - start.at).count();
    u.nodes = between(start.nodes, end.nodes);
    u.natsServer = between(start.natsServer, end.natsServer);
    u.mmoctl = between(start.mmoctl, end.mmoctl);
    return u;
}

std::optional<double> perMillion(const std::optional<double>& seconds, double changes) {
    if (!seconds || changes <= 0) return std::nullopt;
    return *seconds / changes * 1e6;
}

}  // namespace mmo::cli::bench
