#pragma once

#include <functional>
#include <string>

#include "cli/bench/BenchReport.hpp"
#include "cli/bench/BenchSettings.hpp"

namespace mmo::cli::bench {

// Runs `mmoctl bench sync`: sets up the set (own or running), the load driver, the probes and the
// sampler; runs the project pass (in half mode a max pass first, then one at half its acked rate), then
// the naive and raw baselines at the same rate setting (max in half mode); stops its own set. Throws
// CommandError with the exit code for what went wrong.
BenchResult runSyncBench(const BenchSettings& settings, const BenchSyncOptions& options,
                         const std::function<void(const std::string&)>& progress,
                         const std::function<bool()>& interrupted);

// "v2.9.10" from `<nats-server> --version` ("unknown" when it cannot be run).
std::string natsServerVersion(const std::string& binary);

}  // namespace mmo::cli::bench
