#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct CompleteRegionsOptions {
    std::string stateDir = ".mmoctl";
    bool withNats = false;  // also the NATS process names (for `logs` completion)
};

// Hidden `mmoctl __complete-regions [--state-dir DIR]`: the running set's region names, one a line, for the
// completion scripts. Fast and silent: prints nothing (exit 0) when there is no readable state.
void setupCompleteRegions(CLI::App& app, CompleteRegionsOptions& options, int& exitCode);

}  // namespace mmo::cli
