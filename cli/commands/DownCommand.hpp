#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct DownOptions {
    std::string stateDir = ".mmoctl";
    std::string timeout = "10s";
};

// `mmoctl down`: stops every process of the set (nodes, then NATS; SIGTERM, wait, SIGKILL) and removes
// the state file. Configs, data and logs stay.
void setupDown(CLI::App& app, DownOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 all stopped or nothing ran, 2 usage, 3 unreadable state,
// 4 a process would not stop).
int runDown(const DownOptions& options);

}  // namespace mmo::cli
