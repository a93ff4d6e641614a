#pragma once

#include <cstdint>
#include <string>

#include "cli/chaos/ProxyConfig.hpp"
#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct ChaosServeOptions {
    chaos::ServeFlags flags;
    std::uint64_t seed = 0;  // 0: random
    std::string logLevel = "info";
};

// `mmoctl chaos serve`: runs the link proxy in the foreground (what `up --wan` starts as process "chaos";
// also usable on its own). Prints a line per bound port, serves until SIGINT/SIGTERM.
void setupChaosServe(CLI::App& chaos, ChaosServeOptions& options, int& exitCode);

// Returns the exit code: 0 stopped by a signal, 2 usage, 3 a port or an upstream it cannot use.
int runChaosServe(const ChaosServeOptions& options);

}  // namespace mmo::cli
