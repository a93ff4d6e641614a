#include "cli/bench/players/LatencyHistogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mmo::cli::bench::players {

std::size_t LatencyHistogram::bucketOf(std::uint64_t micros) {
    if (micros < 64) return static_cast<std::size_t>(micros);
    const int exponent = std::bit_width(micros) - 1;  // >= 6
    const auto sub = (micros >> (exponent - 5)) & 31u;
    return std::min<std::size_t>(64 + static_cast<std::size_t>(exponent - 6) * 32 + sub, kBuckets - 1);
}

std::uint64_t LatencyHistogram::upperEdge(std::size_t bucket) {
    if (bucket < 64) return bucket;
    const auto exponent = static_cast<int>((bucket - 64) / 32) + 6;
    const auto sub = (bucket - 64) % 32;
    return ((32u + sub + 1) << (exponent - 5)) - 1;
}

void LatencyHistogram::record(std::uint64_t micros) {
    counts_[bucketOf(micros)].fetch_add(1, std::memory_order_relaxed);
    samples_.fetch_add(1, std::memory_order_relaxed);
    auto seen = max_.load(std::memory_order_relaxed);
    while (micros > seen && !max_.compare_exchange_weak(seen, micros, std::memory_order_relaxed)) {
    }
}

void LatencyHistogram::recordMillis(double millis) {
    record(static_cast<std::uint64_t>(std::llround(std::max(0.0, millis) * 1000.0)));
}

LatencySummary LatencyHistogram::summary() const {
    LatencySummary s;
    std::array<std::uint64_t, kBuckets> counts{};
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < kBuckets; ++i)
        total += counts[i] = counts_[i].load(std::memory_order_relaxed);
    if (total == 0) return s;
    const auto max = max_.load(std::memory_order_relaxed);
    const auto quantile = [&](double q) {
        const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * total)));
        std::uint64_t below = 0;
        for (std::size_t i = 0; i < kBuckets; ++i) {
            below += counts[i];
            if (below >= rank) return static_cast<double>(std::min(upperEdge(i), max)) / 1000.0;
        }
        return static_cast<double>(max) / 1000.0;
    };
    s.samples = total;
    s.p50 = quantile(0.50);
    s.p99 = quantile(0.99);
    s.max = static_cast<double>(max) / 1000.0;
    return s;
}

}  // namespace mmo::cli::bench::players
