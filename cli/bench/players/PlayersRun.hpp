#pragma once

#include <functional>
#include <string>

#include "cli/bench/players/PlayersReport.hpp"
#include "cli/bench/players/PlayersSettings.hpp"

namespace mmo::cli::bench::players {

// One `mmoctl bench players` run: starts its own set (or takes the running one), connects the players of
// every region in batches, lets them play through the warmup and the measured window, and returns each
// region's figures; an own set is stopped before it returns. `progress` gets one-line status texts;
// `interrupted` is polled (a true ends the run early). Throws CommandError (2 usage, 3 environment: the
// open-file limit too low for the players, 4 a process of the own set failed).
PlayersResult runPlayersBench(const PlayersSettings& settings, const BenchPlayersOptions& options,
                              const std::function<void(const std::string&)>& progress,
                              const std::function<bool()>& interrupted);

}  // namespace mmo::cli::bench::players
