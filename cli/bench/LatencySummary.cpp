#include "cli/bench/LatencySummary.hpp"

#include <algorithm>
#include <cmath>

namespace mmo::cli::bench {

double percentile(std::vector<double>& values, double q) {
    if (values.empty()) return 0;
    q = std::clamp(q, 0.0, 1.0);
    // Nearest rank: rank ceil(q * n), at least 1.
    auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    rank = std::clamp<std::size_t>(rank, 1, values.size());
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

LatencySummary summarize(std::vector<double> values) {
    LatencySummary s;
    s.samples = values.size();
    if (values.empty()) return s;
    s.max = *std::max_element(values.begin(), values.end());
    s.p50 = percentile(values, 0.50);
    s.p99 = percentile(values, 0.99);
    return s;
}

}  // namespace mmo::cli::bench
