#pragma once

#include <functional>
#include <string>

#include "common/http/Router.hpp"

namespace mmo::api {

// What /readyz reports: ready, or not ready and why.
struct Readiness {
    bool ready = true;
    std::string reason;  // shown when not ready ("nats disconnected", "catching up on us-east-1")
};

// The readiness check; the sync layer provides the real one (NATS connected and caught up).
using ReadinessCheck = std::function<Readiness()>;

// A check that is always ready: the node has nothing to wait for before sync exists.
Readiness alwaysReady();

// GET /healthz -> 200 {"status":"ok"} while the process serves HTTP (liveness).
// GET /readyz -> 200 {"ready":true}, or 503 {"ready":false,"reason":...} when the check says not ready.
void addHealthRoutes(http::Router& router, ReadinessCheck readiness);

}  // namespace mmo::api
