#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/config/NodeConfig.hpp"
#include "node/app/OpenFileLimit.hpp"

namespace mmo::node {

// How many connections each listener may hold so that they all fit the open-file limit together, with
// server.reserved_file_descriptors left for what must keep working when the game port is full: REST,
// metrics, the NATS connection, the outbox, snapshots and checkpoints. When the configured limits do not
// fit, the game gets what the reserve and the HTTP ports leave (the HTTP ports at most a quarter of the
// rest each), and a warning names the keys and the numbers.
struct DescriptorBudget {
    // Game connections the game server may hold beyond game.max_connections while it answers server_full
    // (each refused connection lingers up to its close grace); beyond those the game listener closes new
    // connections at accept, without an answer, so refusals cannot eat the reserve.
    static constexpr std::size_t kGameRefusalsInFlight = 32;

    std::size_t gameConnections = 0;  // in force for game.max_connections
    std::size_t httpConnections = 0;  // in force for server.http_max_connections (REST and metrics, each)
    std::vector<std::string> warnings;
};

// Descriptors the configured limits need at most: every game connection, the game's refusals in flight,
// every HTTP connection and the reserve.
std::uint64_t descriptorsNeeded(const config::NodeConfig& config);

DescriptorBudget planDescriptorBudget(const config::NodeConfig& config, const OpenFileLimit& limit);

}  // namespace mmo::node
