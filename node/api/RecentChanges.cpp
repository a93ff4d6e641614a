#include "node/api/RecentChanges.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/http/Responses.hpp"
#include "common/world/BlockTypeRegistry.hpp"
#include "node/api/ApiError.hpp"
#include "node/api/ExactNumbers.hpp"
#include "node/api/QueryParams.hpp"
#include "node/api/SyncRoutes.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

namespace {

constexpr std::size_t kDefaultLimit = 50;

std::size_t limitOf(const http::Request& request) {
    const QueryParams query(request);
    const auto* text = query.find("limit");
    if (!text) return kDefaultLimit;
    const auto limit = query.requireInt32("limit");
    if (limit < 1 || static_cast<std::size_t>(limit) > RecentChanges::kCapacity)
        throw ApiError::badRequest("invalid_parameter", "limit: expected an integer from 1 to " +
                                                            std::to_string(RecentChanges::kCapacity) +
                                                            ", got " + *text);
    return static_cast<std::size_t>(limit);
}

// Milliseconds from the write (the physical part of its HLC) to its application here; 0 when the clocks
// put the write after it.
std::int64_t latencyMs(const AppliedChange& applied) {
    const auto written = static_cast<std::int64_t>(applied.change.hlc >> 16);
    const auto at =
        std::chrono::duration_cast<std::chrono::milliseconds>(applied.appliedAt.time_since_epoch()).count();
    return std::max<std::int64_t>(0, at - written);
}

}  // namespace

void RecentChanges::record(const std::vector<codec::BlockChange>& applied,
                           std::chrono::system_clock::time_point at) {
    const std::lock_guard lock(mutex_);
    for (const auto& change : applied) {
        changes_.push_back({change, at});
        if (changes_.size() > kCapacity) changes_.pop_front();
    }
}

std::vector<AppliedChange> RecentChanges::latest(std::size_t limit) const {
    const std::lock_guard lock(mutex_);
    std::vector<AppliedChange> out;
    for (auto it = changes_.rbegin(); it != changes_.rend() && out.size() < limit; ++it) out.push_back(*it);
    return out;
}

void addRecentChangesRoute(http::Router& router, const RecentChanges& recent, std::string region) {
    auto blockTypes = std::make_shared<const world::BlockTypeRegistry>();
    router.add(beasthttp::verb::get, "/api/sync/recent",
               [&recent, region = std::move(region), blockTypes](const http::Request& request,
                                                                 const http::RequestContext&) {
                   boost::json::array changes;
                   for (const auto& applied : recent.latest(limitOf(request))) {
                       const auto& c = applied.change;
                       changes.push_back(boost::json::object{{"x", c.x},
                                                             {"y", c.y},
                                                             {"type", c.type},
                                                             {"block_type", blockTypes->displayName(c.type)},
                                                             {"hlc", c.hlc},
                                                             {"hlc_str", exactText(c.hlc)},
                                                             {"origin_region", c.origin},
                                                             {"applied_at", formatRfc3339(applied.appliedAt)},
                                                             {"latency_ms", latencyMs(applied)}});
                   }
                   return http::jsonResponse(
                       beasthttp::status::ok,
                       boost::json::object{{"region", region}, {"changes", std::move(changes)}});
               });
}

}  // namespace mmo::api
