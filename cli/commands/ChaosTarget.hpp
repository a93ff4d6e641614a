#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

// Which proxy a `mmoctl chaos` control command talks to: the running set's, or a standalone one.
struct ChaosTarget {
    std::string stateDir = ".mmoctl";
    std::string control;    // a control URL; empty: the set's proxy
    std::string tokenFile;  // the control token's file; empty: <state>/chaos.token (none with --control)
};

// Adds --state-dir, --control and --token-file to a chaos control command (defined in ChaosCommand.cpp).
void addChaosTargetOptions(CLI::App& command, ChaosTarget& target);

}  // namespace mmo::cli
