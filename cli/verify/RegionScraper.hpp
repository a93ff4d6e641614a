#pragma once

#include <chrono>

#include "cli/admin/NodeTarget.hpp"
#include "cli/verify/SyncEvaluation.hpp"

namespace mmo::cli {

// GET /metrics (metrics port) and /api/world/digest (REST port) of one node. A --nodes target whose region
// is not known yet is asked GET /api/status first (and keeps what it learnt). Never throws for network
// trouble: a refused connection is Unreachable, a timeout or a malformed answer NotResponding; the scrape
// is named by the region, or by the URL while the region is unknown. Throws CommandError (exit 2) when a
// --nodes URL is not an mmo-node's REST API.
RegionScrape scrapeRegion(NodeTarget& target, std::chrono::milliseconds timeout);

}  // namespace mmo::cli
