#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "common/http/Router.hpp"
#include "node/sync/SyncService.hpp"

namespace mmo::api {

// The sync state now (SyncService::status in the node; a fixed value in tests).
using SyncStatusSource = std::function<sync::SyncStatus()>;

// "2024-05-01T12:00:00.250Z" (RFC 3339, UTC, milliseconds).
std::string formatRfc3339(std::chrono::system_clock::time_point time);

// The GET /api/sync/status body (docs/rest-api.md).
boost::json::object syncStatusBody(const sync::SyncStatus& status);

// GET /api/sync/status.
void addSyncRoutes(http::Router& router, SyncStatusSource status);

}  // namespace mmo::api
