#pragma once

#include <string>
#include <vector>

#include "node/auth/AuthService.hpp"
#include "node/game/GameBackend.hpp"
#include "node/sync/SyncService.hpp"

namespace mmo::game {

// The node's backend: writes go through SyncService::submit with AckLevel::Durable (acknowledged once in
// the fsynced outbox and applied), reads from its world, chat through its chat channel, tokens through
// AuthService::authorize; `accountNames` are the accounts' names (reserved: no guest takes them). Both
// services must outlive the game server.
GameBackend makeSyncBackend(sync::SyncService& sync, const auth::AuthService& auth,
                            std::vector<std::string> accountNames);

}  // namespace mmo::game
