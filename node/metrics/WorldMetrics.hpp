#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "common/metrics/MetricsRegistry.hpp"
#include "common/world/World.hpp"

namespace mmo::metrics {

// The world digest as a number Prometheus stores exactly: its first 13 hex digits (52 bits), an
// integer below 2^53. Converged regions have the same fingerprint.
std::uint64_t digestFingerprint(std::string_view digestHex);

// A registry collector read at scrape time: world_blocks, world_digest_fingerprint (one series whose
// value changes) and, with `digestLabel`, world_digest_info{digest} 1 (a new series on every world
// change). `world` must outlive the registry's use of it.
std::function<void(SampleWriter&)> worldCollector(const world::World& world, bool digestLabel);

}  // namespace mmo::metrics
