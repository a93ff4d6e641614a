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

// The readiness check; the node provides the real one (ReadinessRules.hpp).
using ReadinessCheck = std::function<Readiness()>;

// A check that is always ready: the node has nothing to wait for before sync exists.
Readiness alwaysReady();

// GET /healthz -> 200 {"status":"ok"} while the process serves HTTP (liveness).
// GET /readyz -> 200 {"ready":true}, or 503 {"ready":false,"reason":...} when the check says not ready.
void addHealthRoutes(http::Router& router, ReadinessCheck readiness);

// GET /readyz/players -> 200 {"serving":true}, or 503 {"serving":false,"reason":...}: whether the node can
// serve players (a load balancer's question), apart from the sync's health that /readyz answers.
void addPlayerReadinessRoute(http::Router& router, ReadinessCheck serving);

}  // namespace mmo::api
