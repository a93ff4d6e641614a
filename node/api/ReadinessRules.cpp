#include "node/api/ReadinessRules.hpp"

#include <string>

namespace mmo::api {

Readiness syncReadiness(const sync::SyncStatus& status) {
    if (status.missing)
        return {false, "world incomplete: stream messages " + std::to_string(status.missing->from) + ".." +
                           std::to_string(status.missing->to) +
                           " are gone and no checkpoint covers them (mmoctl repair)"};
    if (!status.natsConnected) return {false, "not connected to NATS"};
    if (status.bootstrapping) return {false, "loading world checkpoints"};
    if (status.publishStalled)
        return {false, "cannot publish: " + std::to_string(status.unpublishedChanges) +
                           " changes wait in the outbox (the stream does not acknowledge them)"};
    if (!status.caughtUp) return {false, "catching up on the stream"};
    return {true, {}};
}

Readiness playerReadiness(const sync::SyncStatus& status, bool gameAccepting) {
    if (!gameAccepting) return {false, "the game listener is not accepting players (starting or stopping)"};
    if (status.bootstrapping) return {false, "loading world checkpoints"};
    return {true, {}};
}

}  // namespace mmo::api
