#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "common/http/Router.hpp"

// The latest changes applied to this node's world, for GET /api/sync/recent (docs/rest-api.md): each with
// when it was applied here, so that a reader sees its convergence latency (applied here minus written).
namespace mmo::api {

struct AppliedChange {
    codec::BlockChange change;
    std::chrono::system_clock::time_point appliedAt;
};

// A bounded record (the newest kCapacity changes), fed by the applied-changes observer from the sync,
// consumer and I/O threads; read by the REST handler. Thread-safe.
class RecentChanges {
  public:
    static constexpr std::size_t kCapacity = 256;

    void record(const std::vector<codec::BlockChange>& applied, std::chrono::system_clock::time_point at);

    // The newest `limit` changes, newest first.
    std::vector<AppliedChange> latest(std::size_t limit) const;

  private:
    mutable std::mutex mutex_;
    std::deque<AppliedChange> changes_;  // oldest first
};

// GET /api/sync/recent?limit=N (1 to 256, default 50): {"region", "changes": [{x, y, type, block_type, hlc,
// hlc_str, origin_region, applied_at, latency_ms}]}, newest first. `recent` must outlive the router.
void addRecentChangesRoute(http::Router& router, const RecentChanges& recent, std::string region);

}  // namespace mmo::api
