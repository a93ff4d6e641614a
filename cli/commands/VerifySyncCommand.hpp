#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct VerifySyncOptions {
    std::string timeout = "30s";
    std::string stateDir = ".mmoctl";
    std::string nodes;  // --nodes: REST base URLs of nodes not started by `mmoctl up` (instead of the set)
    bool json = false;
    bool deep = false;  // also compare chunk by chunk and list the differing chunks and cells
};

// `mmoctl verify-sync`: the (source, destination) matrix of published vs applied batches, and the digests.
void setupVerifySync(CLI::App& app, VerifySyncOptions& options, int& exitCode);

// Polls every 250 ms until converged or the timeout; 0 converged, 1 not converged, 2 bad flags or a --nodes
// URL that is not a node's REST API, 3 no running set or a node unreachable.
int runVerifySync(const VerifySyncOptions& options);

}  // namespace mmo::cli
