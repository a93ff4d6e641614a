#include "cli/chaos/RateText.hpp"

#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace mmo::cli::chaos {

namespace {

constexpr double kMaxBitsPerSecond = 1e12;  // 1 tbit/s: beyond anything a loopback proxy forwards

// The number in front of a unit; throws when there is none or it is negative or not finite.
double leadingNumber(const std::string& text, std::string& unit, const char* expected) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end == text.c_str() || !std::isfinite(value) || value < 0 || text[0] == '+')
        throw std::invalid_argument(expected);
    unit = end;
    return value;
}

}  // namespace

std::uint64_t parseRate(const std::string& text) {
    static const char* expected = "expected a rate such as 512kbit, 10mbit, 2MB/s or unlimited";
    if (text == "unlimited") return 0;
    std::string unit;
    const double value = leadingNumber(text, unit, expected);
    static const std::map<std::string, double> bits{
        {"", 1},       {"bit", 1}, {"k", 1e3}, {"kbit", 1e3}, {"m", 1e6},    {"mbit", 1e6}, {"g", 1e9},
        {"gbit", 1e9}, {"K", 1e3}, {"M", 1e6}, {"G", 1e9},    {"Kbit", 1e3}, {"Mbit", 1e6}, {"Gbit", 1e9}};
    static const std::map<std::string, double> bytes{{"B/s", 8},
                                                     {"KB/s", 8e3},
                                                     {"kB/s", 8e3},
                                                     {"MB/s", 8e6},
                                                     {"GB/s", 8e9},
                                                     {"KiB/s", 8.0 * 1024},
                                                     {"MiB/s", 8.0 * 1024 * 1024},
                                                     {"GiB/s", 8.0 * 1024 * 1024 * 1024}};
    double factor = 0;
    if (const auto it = bits.find(unit); it != bits.end()) factor = it->second;
    if (const auto it = bytes.find(unit); it != bytes.end()) factor = it->second;
    if (factor == 0) {
        if (unit.find("bps") != std::string::npos || unit.find("Bps") != std::string::npos)
            throw std::invalid_argument(std::string(expected) +
                                        " (\"bps\" is ambiguous: write kbit for bits or KB/s for bytes)");
        throw std::invalid_argument(expected);
    }
    const double bitsPerSecond = value * factor;
    if (bitsPerSecond < 1)
        throw std::invalid_argument("a rate must be at least 1bit; for no limit say unlimited");
    if (bitsPerSecond > kMaxBitsPerSecond)
        throw std::invalid_argument("a rate above 1000gbit is not supported");
    return static_cast<std::uint64_t>(std::llround(bitsPerSecond));
}

std::string formatRate(std::uint64_t bitsPerSecond) {
    if (bitsPerSecond == 0) return "unlimited";
    // Exact, so that the text parses back to the same rate (the state file and `chaos serve` rely on it).
    const std::pair<std::uint64_t, const char*> units[] = {
        {1'000'000'000, "gbit"}, {1'000'000, "mbit"}, {1'000, "kbit"}};
    for (const auto& [size, name] : units)
        if (bitsPerSecond % size == 0) return std::to_string(bitsPerSecond / size) + name;
    return std::to_string(bitsPerSecond) + "bit";
}

std::uint64_t parseByteSize(const std::string& text) {
    static const char* expected = "expected a size such as 4MiB, 512KiB or 65536";
    std::string unit;
    const double value = leadingNumber(text, unit, expected);
    static const std::map<std::string, double> units{{"", 1},
                                                     {"B", 1},
                                                     {"KiB", 1024.0},
                                                     {"MiB", 1024.0 * 1024},
                                                     {"GiB", 1024.0 * 1024 * 1024},
                                                     {"KB", 1e3},
                                                     {"kB", 1e3},
                                                     {"MB", 1e6},
                                                     {"GB", 1e9}};
    const auto it = units.find(unit);
    if (it == units.end()) throw std::invalid_argument(expected);
    const double size = value * it->second;
    if (size < 1 || size > 1e12) throw std::invalid_argument(expected);
    return static_cast<std::uint64_t>(std::llround(size));
}

}  // namespace mmo::cli::chaos
