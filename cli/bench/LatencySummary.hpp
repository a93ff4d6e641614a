#pragma once

#include <cstdint>
#include <vector>

namespace mmo::cli::bench {

// p50/p99/max of a set of latencies in milliseconds.
struct LatencySummary {
    std::uint64_t samples = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
};

// The q-quantile (0..1) of `values` by the nearest-rank method (the smallest value with at least q of the
// values at or below it); 0 for no values. Reorders `values`.
double percentile(std::vector<double>& values, double q);

// p50, p99 and max of `values` (reordered); all 0 for no values.
LatencySummary summarize(std::vector<double> values);

}  // namespace mmo::cli::bench
