#pragma once

#include <spdlog/logger.h>

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/http/Router.hpp"
#include "node/auth/AuthService.hpp"
#include "node/sync/SyncTypes.hpp"

namespace mmo::api {

// Hands writes to the sync layer (SyncService::submit in the node; a fake in tests).
using SubmitWrites = std::function<void(std::vector<sync::BlockWrite>, sync::AckLevel, sync::SubmitCallback)>;

// What the admin event route needs from the node.
struct AdminEventDeps {
    auth::AuthService& auth;
    SubmitWrites submit;
    // Says a chat line in every region; false when it cannot (no NATS connection).
    std::function<bool(const std::string& from, const std::string& text)> sayChat;
    std::string region;
    boost::asio::any_io_executor executor;  // runs the ?wait=published timeout
    std::shared_ptr<spdlog::logger> logger;
    std::chrono::milliseconds publishWaitTimeout{std::chrono::seconds(30)};
};

// POST /api/admin/events/send (admin bearer token) {event_type, data} -> 202 once the writes are durable
// (or, with ?wait=published, once JetStream acknowledged their batch: 504 publish_timeout after
// publishWaitTimeout, the writes staying durable and queued).
void addAdminEventRoutes(http::Router& router, AdminEventDeps deps);

}  // namespace mmo::api
