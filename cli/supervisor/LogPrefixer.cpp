#include "cli/supervisor/LogPrefixer.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace mmo::cli {

namespace {

// Cyan, green, yellow, magenta, blue, bright red: readable on dark and light backgrounds.
constexpr std::array<std::string_view, 6> kColours{"\033[36m", "\033[32m", "\033[33m",
                                                   "\033[35m", "\033[34m", "\033[91m"};
constexpr std::string_view kReset = "\033[0m";

}  // namespace

LogPrefixer::LogPrefixer(std::vector<std::string> names, bool colour)
    : names_(std::move(names)), colour_(colour) {
    for (const auto& n : names_) width_ = std::max(width_, n.size());
}

std::string LogPrefixer::format(const std::string& name, const std::string& line) const {
    std::string prefix = name;
    if (prefix.size() < width_) prefix.append(width_ - prefix.size(), ' ');
    prefix += " | ";
    if (!colour_) return prefix + line;
    const auto it = std::find(names_.begin(), names_.end(), name);
    const auto index = static_cast<std::size_t>(it - names_.begin());  // unknown names share the last slot
    const auto colour = kColours[index % kColours.size()];
    return std::string(colour) + prefix + std::string(kReset) + line;
}

}  // namespace mmo::cli
