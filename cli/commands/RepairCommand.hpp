#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct RepairOptions {
    std::string region;  // empty: repair every region
    std::string stateDir = ".mmoctl";
    std::string username;  // empty: env or the region's config
    std::string password;
    std::string timeout = "30s";
    bool json = false;
};

// `mmoctl repair`: compares the regions chunk by chunk and merges every differing chunk's cells, as each
// region holds them, into every region (or only --region) last-writer-wins, and marks the repaired
// regions' worlds complete; without --region it then waits until every digest agrees.
void setupRepair(CLI::App& app, RepairOptions& options, int& exitCode);

// 0 repaired (every digest agrees, without --region), 1 still differing at the timeout, 2 bad flags, 3 no set, a region unreachable or
// the admin login refused, 4 a node failed.
int runRepair(const RepairOptions& options);

}  // namespace mmo::cli
