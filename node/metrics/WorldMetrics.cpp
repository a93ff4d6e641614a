#include "node/metrics/WorldMetrics.hpp"

namespace mmo::metrics {

std::function<void(SampleWriter&)> worldCollector(const world::World& world) {
    return [&world](SampleWriter& out) {
        out.header("world_blocks", "Cells of this region's world holding a non-air block.",
                   MetricType::Gauge);
        out.sample("world_blocks", {}, static_cast<double>(world.blockCount()));
        out.header("world_digest_info",
                   "Order-independent digest of this region's world content (equal in converged regions); "
                   "the value is always 1.",
                   MetricType::Gauge);
        out.sample("world_digest_info", {{"digest", world.digestHex()}}, 1);
    };
}

}  // namespace mmo::metrics
