#include "cli/bench/players/ProcStats.hpp"

#include <fstream>
#include <sstream>

#include "cli/bench/ProcStat.hpp"

namespace mmo::cli::bench::players {

namespace {

std::optional<std::string> readFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::optional<unsigned long long> rssKbFromStatus(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("VmRSS:", 0) != 0) continue;
        std::istringstream value(line.substr(6));
        unsigned long long kb = 0;
        if (value >> kb) return kb;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ProcSample> sampleProcess(int pid) {
    if (pid <= 0) return std::nullopt;
    const auto cpu = processCpuSeconds(pid);
    const auto status = readFile("/proc/" + std::to_string(pid) + "/status");
    if (!cpu || !status) return std::nullopt;
    const auto rss = rssKbFromStatus(*status);
    if (!rss) return std::nullopt;
    return ProcSample{*cpu, *rss};
}

}  // namespace mmo::cli::bench::players
