#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct StatusOptions {
    std::string stateDir = ".mmoctl";
    bool json = false;
};

// `mmoctl status`: one row per region (pid and liveness, ports, readiness, players, pending changes,
// NATS state) and one for NATS; --json prints the same as an object.
void setupStatus(CLI::App& app, StatusOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 a set is running, 3 none is).
int runStatus(const StatusOptions& options);

}  // namespace mmo::cli
