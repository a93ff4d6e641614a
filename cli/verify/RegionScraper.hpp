#pragma once

#include <chrono>

#include "cli/state/StateFile.hpp"
#include "cli/verify/SyncEvaluation.hpp"

namespace mmo::cli {

// GET /metrics (metrics port) and /api/world/digest (REST port) of one region on 127.0.0.1. Never throws
// for network trouble: a refused connection is Unreachable, a timeout or a malformed answer NotResponding.
RegionScrape scrapeRegion(const RegionRecord& region, std::chrono::milliseconds timeout);

}  // namespace mmo::cli
