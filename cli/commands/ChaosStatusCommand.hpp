#pragma once

#include "cli/commands/ChaosTarget.hpp"
#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct ChaosStatusOptions {
    ChaosTarget target;
    bool json = false;
};

// `mmoctl chaos status`: every link's shape, partition, connections, bytes each way and bytes queued.
void setupChaosStatus(CLI::App& chaos, ChaosStatusOptions& options, int& exitCode);

// Returns the exit code: 0 ok, 2 usage, 3 no set, no proxy or proxy unreachable.
int runChaosStatus(const ChaosStatusOptions& options);

}  // namespace mmo::cli
