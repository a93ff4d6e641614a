#include "cli/bots/BotStats.hpp"

#include <algorithm>
#include <cmath>

namespace mmo::cli {

void BotStats::addLatency(double ms) {
    std::lock_guard lock(mutex_);
    latencies_.push_back(ms);
}

double BotStats::latencyPercentile(double q) const {
    std::vector<double> sorted;
    {
        std::lock_guard lock(mutex_);
        sorted = latencies_;
    }
    if (sorted.empty()) return 0;
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    const auto index = std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1);
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(index), sorted.end());
    return sorted[index];
}

}  // namespace mmo::cli
