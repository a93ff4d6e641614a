#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/chaos/LinkState.hpp"
#include "common/http/Router.hpp"

// The proxy's control API (HTTP/JSON on loopback), what `mmoctl chaos status|set|partition|heal` call:
//   GET  /healthz                  {"status":"ok"}
//   GET  /api/links                {"links":[<link>, ...]}
//   POST /api/links/set            {"region", "latency_ms"?, "jitter_ms"?, "rate_bits_per_second"? (0:
//   unlimited)} POST /api/links/partition      {"region", "mode"?: "blackhole"|"reset", "for_ms"?} POST
//   /api/links/heal           {"region"?} (every link when absent)
// set and partition answer with the link, heal with every link; a region may be an alias or an id.
// Every route but /healthz needs `Authorization: Bearer <token>` (ControlToken.hpp), and every POST a
// `Content-Type: application/json` body, so a cross-site form or text/plain POST is refused.
// Errors: {"error":{"code","message"}} with 400 (bad body), 401 (no or wrong token), 403 (not loopback),
// 404 (unknown region), 415 (not JSON).
namespace mmo::cli::chaos {

// A link as the API shows it: its live state plus where it listens and forwards to.
struct LinkView {
    std::shared_ptr<LinkState> state;
    std::string listen;                  // "127.0.0.1:5222"
    std::vector<std::string> upstreams;  // "127.0.0.1:4222", in the order tried
};

// Registers the routes on `router`; the views must outlive it. Handlers run on the proxy's thread. token:
// the control token (not empty).
void addControlRoutes(http::Router& router, std::vector<LinkView> links, std::string token);

}  // namespace mmo::cli::chaos
