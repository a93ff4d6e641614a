#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct ConsoleOptions {
    std::string stateDir = ".mmoctl";
    int port = 0;  // 0: a free port
};

// `mmoctl console`: serves the web console of the running set on 127.0.0.1 (docs/console.md) in the
// foreground until SIGINT/SIGTERM.
void setupConsole(CLI::App& app, ConsoleOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 stopped by a signal, 3 no set or the port taken).
int runConsole(const ConsoleOptions& options);

}  // namespace mmo::cli
