#include "node/metrics/WorldMetrics.hpp"

#include <charconv>

namespace mmo::metrics {

std::uint64_t digestFingerprint(std::string_view digestHex) {
    const auto digits = digestHex.substr(0, 13);
    std::uint64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    return value;
}

std::function<void(SampleWriter&)> worldCollector(const world::World& world, bool digestLabel) {
    return [&world, digestLabel](SampleWriter& out) {
        out.header("world_blocks", "Cells of this region's world holding a non-air block.",
                   MetricType::Gauge);
        out.sample("world_blocks", {}, static_cast<double>(world.blockCount()));
        const std::string digest = world.digestHex();
        out.header("world_digest_fingerprint",
                   "The first 52 bits of this region's world digest as a number (equal in converged "
                   "regions).",
                   MetricType::Gauge);
        out.sample("world_digest_fingerprint", {}, static_cast<double>(digestFingerprint(digest)));
        if (!digestLabel) return;
        out.header("world_digest_info",
                   "Order-independent digest of this region's world content (equal in converged regions); "
                   "the value is always 1.",
                   MetricType::Gauge);
        out.sample("world_digest_info", {{"digest", digest}}, 1);
    };
}

}  // namespace mmo::metrics
