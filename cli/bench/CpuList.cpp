#include "cli/bench/CpuList.hpp"

#include <cctype>
#include <stdexcept>

#include "cli/ExitCode.hpp"

namespace mmo::cli::bench {

namespace {

// Upper bound of a CPU number (the kernel's CONFIG_NR_CPUS maximum is 8192).
constexpr int kMaxCpu = 8191;

int cpuNumber(const std::string& part, const std::string& text) {
    if (part.empty() || part.size() > 5)
        throw std::invalid_argument("\"" + part + "\" in \"" + text + "\" is not a CPU number");
    for (const char c : part)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            throw std::invalid_argument("\"" + part + "\" in \"" + text + "\" is not a CPU number");
    const int cpu = std::stoi(part);
    if (cpu > kMaxCpu)
        throw std::invalid_argument("CPU " + part + " in \"" + text + "\" is above " +
                                    std::to_string(kMaxCpu));
    return cpu;
}

}  // namespace

std::set<int> parseCpuList(const std::string& text) {
    if (text.empty()) throw std::invalid_argument("empty CPU list");
    std::set<int> cpus;
    std::size_t begin = 0;
    for (;;) {
        const auto comma = text.find(',', begin);
        const std::string part =
            text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
        const auto dash = part.find('-');
        if (dash == std::string::npos) {
            cpus.insert(cpuNumber(part, text));
        } else {
            const int first = cpuNumber(part.substr(0, dash), text);
            const int last = cpuNumber(part.substr(dash + 1), text);
            if (last < first)
                throw std::invalid_argument("range \"" + part + "\" in \"" + text + "\" runs backwards");
            for (int cpu = first; cpu <= last; ++cpu) cpus.insert(cpu);
        }
        if (comma == std::string::npos) break;
        begin = comma + 1;
    }
    return cpus;
}

std::string cpuListText(const std::set<int>& cpus) {
    std::string text;
    for (auto it = cpus.begin(); it != cpus.end();) {
        const int first = *it;
        int last = first;
        for (++it; it != cpus.end() && *it == last + 1; ++it) last = *it;
        if (!text.empty()) text += ',';
        text += std::to_string(first);
        if (last > first) text += (last == first + 1 ? "," : "-") + std::to_string(last);
    }
    return text;
}

std::set<int> parseCpuFlag(const std::string& flag, const std::string& text, const std::set<int>& allowed) {
    if (text.empty()) return {};
    std::set<int> cpus;
    try {
        cpus = parseCpuList(text);
    } catch (const std::invalid_argument& e) {
        throw CommandError{kUsageError, flag + ": expected a CPU list such as 0, 1-3 or 0,2 (" +
                                            std::string(e.what()) + ")"};
    }
    for (const int cpu : cpus)
        if (!allowed.count(cpu))
            throw CommandError{kUsageError, flag + ": CPU " + std::to_string(cpu) +
                                                " is not one this process may run on (allowed: " +
                                                cpuListText(allowed) + ")"};
    return cpus;
}

}  // namespace mmo::cli::bench
