#include "cli/bench/PairSeries.hpp"

#include <algorithm>
#include <cmath>

namespace mmo::cli::bench {

std::vector<double> latencyCdf(std::vector<double> values) {
    std::vector<double> out;
    if (values.empty()) return out;
    std::sort(values.begin(), values.end());
    const auto n = static_cast<double>(values.size());
    out.reserve(kCdfPoints);
    for (int i = 0; i < kCdfPoints; ++i) {
        const double q = static_cast<double>(i) / (kCdfPoints - 1);
        auto rank = static_cast<std::size_t>(std::ceil(q * n));
        rank = std::clamp<std::size_t>(rank, 1, values.size());
        out.push_back(values[rank - 1]);
    }
    return out;
}

double seriesIntervalSeconds(std::chrono::milliseconds duration) {
    return std::max(0.1, static_cast<double>(duration.count()) / 1000.0 / 100.0);
}

void IntervalCounter::add(double secondsFromStart, std::uint64_t changes) {
    if (changes == 0) return;
    const double index = std::floor(std::max(0.0, secondsFromStart) / interval_);
    const auto i = std::min(kMaxIntervals - 1, static_cast<std::size_t>(index));
    if (counts_.size() <= i) counts_.resize(i + 1, 0);
    counts_[i] += changes;
}

std::vector<double> IntervalCounter::perSecond() const {
    std::vector<double> out;
    out.reserve(counts_.size());
    for (const auto c : counts_) out.push_back(static_cast<double>(c) / interval_);
    return out;
}

}  // namespace mmo::cli::bench
