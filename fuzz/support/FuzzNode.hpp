#pragma once

#include <spdlog/logger.h>

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>

#include "common/http/Router.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "common/world/World.hpp"
#include "node/api/BoundedWorkPool.hpp"
#include "node/auth/AuthService.hpp"
#include "node/metrics/HttpMetrics.hpp"

namespace mmo::fuzz {

// The node's two routers with every real route, as NodeApp::addRoutes wires them, over in-memory
// services instead of a live sync and bus: a World that submitted writes are applied to (hlc from a
// counter), a fixed sync status and readiness, a fixed clock (FuzzFixtures), the real AuthService with
// the fuzz JWT secret and the cheapest argon2 limits (so that logins are fast), the real login worker
// pool without a thread (logins run inline) and the real metrics (HttpMetrics observing the REST router,
// every request timed at 1 ms): nothing the fuzzer observes depends on timing, so a seed decides a run.
// Fresh per input: nothing carries over between inputs. Touches no disk, no network.
class FuzzNode {
  public:
    FuzzNode();
    ~FuzzNode();
    FuzzNode(const FuzzNode&) = delete;
    FuzzNode& operator=(const FuzzNode&) = delete;

    // The REST API's router (rest_port).
    const http::Router& rest() const { return rest_; }
    // The metrics port's router.
    const http::Router& metrics() const { return metrics_; }
    // Runs what asynchronous handlers left on the node's executor (timer cancels).
    void poll() { io_.poll(); }

  private:
    void addRoutes();

    std::shared_ptr<spdlog::logger> logger_;
    boost::asio::io_context io_{1};
    world::World world_;
    std::uint64_t nextLogical_ = 0;
    auth::AuthService auth_;
    api::BoundedWorkPool loginWorkers_;
    metrics::MetricsRegistry registry_;
    metrics::HttpMetrics httpMetrics_;
    http::Router rest_;
    http::Router metrics_;
};

}  // namespace mmo::fuzz
