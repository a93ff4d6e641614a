#pragma once

#include "node/api/HealthRoutes.hpp"
#include "node/sync/SyncService.hpp"

namespace mmo::api {

// GET /readyz: can this node be trusted with the shared world (docs/rest-api.md#get-readyz)? The first
// reason that applies: world incomplete, not connected to NATS, loading world checkpoints, changes it
// cannot publish, catching up on the stream. Every region answers a broker outage the same way.
Readiness syncReadiness(const sync::SyncStatus& status);

// GET /readyz/players: can this node serve players (a load balancer's question)? Not while its game
// listener is not accepting (starting, stopping) or while it is loading world checkpoints; a broker
// outage does not stop it (writes wait in the outbox, durable).
Readiness playerReadiness(const sync::SyncStatus& status, bool gameAccepting);

}  // namespace mmo::api
