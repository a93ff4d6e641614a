#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct LogsOptions {
    std::string name;  // a region (alias or id) or "nats"; empty: every log, interleaved
    std::string stateDir = ".mmoctl";
    bool follow = false;
    int lines = 100;
};

// `mmoctl logs`: the last lines of one process's log, or of all of them interleaved by time with a name
// prefix; --follow keeps printing new lines until Ctrl-C.
void setupLogs(CLI::App& app, LogsOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 ok, 2 unknown name, 3 no logs).
int runLogs(const LogsOptions& options);

}  // namespace mmo::cli
