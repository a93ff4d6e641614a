#pragma once

#include <functional>

#include "common/metrics/MetricsRegistry.hpp"
#include "common/world/World.hpp"

namespace mmo::metrics {

// A registry collector for world_blocks (gauge) and world_digest_info{digest} 1, read at scrape time;
// `world` must outlive the registry's use of it.
std::function<void(SampleWriter&)> worldCollector(const world::World& world);

}  // namespace mmo::metrics
