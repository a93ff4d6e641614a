#include "tests/support/LatencyRecorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mmo::test {

namespace {
// The smallest value with at least q of the values at or below it; `sorted` is not empty.
double nearestRank(const std::vector<double>& sorted, double q) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}
}  // namespace

LatencySummary summarize(std::vector<double> millis) {
    LatencySummary summary;
    if (millis.empty()) return summary;
    std::sort(millis.begin(), millis.end());
    summary.samples = millis.size();
    summary.p50 = nearestRank(millis, 0.50);
    summary.p99 = nearestRank(millis, 0.99);
    summary.max = millis.back();
    return summary;
}

std::string describe(const LatencySummary& summary) {
    char text[128];
    std::snprintf(text, sizeof text, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu samples)", summary.p50,
                  summary.p99, summary.max, summary.samples);
    return text;
}

void LatencyRecorder::record(Clock::time_point startedAt, std::chrono::duration<double, std::milli> latency) {
    std::lock_guard lock(mutex_);
    samples_.push_back({startedAt, latency.count()});
}

std::vector<double> LatencyRecorder::millis(Clock::time_point from, Clock::time_point to) const {
    std::lock_guard lock(mutex_);
    std::vector<double> out;
    for (const auto& s : samples_)
        if (s.startedAt >= from && s.startedAt < to) out.push_back(s.millis);
    return out;
}

}  // namespace mmo::test
