#pragma once

#include "cli/bench/BenchSettings.hpp"
#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

// `mmoctl bench sync`: sync throughput, bytes per change and convergence latency per (source,
// destination) pair, end to end through the game ports, side by side with a naive (one message per
// change) and a raw (bare nats.c, the project's batch payloads) baseline on the same nats-server.
void setupBench(CLI::App& app, bench::BenchSyncOptions& options, int& exitCode);

// Runs it; returns the exit code (0 done, 1 a pass did not converge or the probe was cut off, 2 usage,
// 3 environment, 4 a process of the bench set failed).
int runBenchSync(const bench::BenchSyncOptions& options);

}  // namespace mmo::cli
