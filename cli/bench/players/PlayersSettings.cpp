#include "cli/bench/players/PlayersSettings.hpp"

#include "cli/ExitCode.hpp"
#include "cli/bench/BenchSettings.hpp"
#include "cli/bench/CpuAffinity.hpp"
#include "cli/bench/CpuList.hpp"
#include "cli/util/DurationText.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::bench::players {

PlayersSettings parsePlayersSettings(const BenchPlayersOptions& options) {
    PlayersSettings s;
    if (options.regions.empty()) throw CommandError{kUsageError, "--regions: give at least one region"};
    s.regions = parseBenchRegions(options.regions);
    if (options.players < 1 || options.players > 100000)
        throw CommandError{kUsageError, "--players: expected 1..100000 per region"};
    s.players = options.players;
    if (options.moveHz != 0 && (options.moveHz < 0.1 || options.moveHz > 100))
        throw CommandError{kUsageError, "--move-hz: expected 0.1..100, or 0 for the node's position rate"};
    s.moveHz = options.moveHz;
    if (options.placeEvery != 0 && (options.placeEvery < 0.05 || options.placeEvery > 3600))
        throw CommandError{kUsageError, "--place-every: expected 0.05..3600 seconds, or 0 for no places"};
    s.placeEvery = options.placeEvery;
    s.duration = parseDuration("--duration", options.duration);
    if (s.duration < std::chrono::seconds(1))
        throw CommandError{kUsageError, "--duration: at least 1s, got \"" + options.duration + "\""};
    s.warmup = parseDuration("--warmup", options.warmup);
    if (options.threads < 1 || options.threads > 64)
        throw CommandError{kUsageError, "--threads: expected 1..64"};
    s.threads = options.threads;
    if (!options.driverCpus.empty())
        s.driverCpus = parseCpuFlag("--driver-cpus", options.driverCpus, allowedCpus());
    if (!options.setCpus.empty()) s.setCpus = parseCpuFlag("--set-cpus", options.setCpus, allowedCpus());
    if (options.nearby < 1 || options.nearby > 64)
        throw CommandError{kUsageError, "--nearby: expected 1..64"};
    s.nearby = options.nearby;
    if (options.view < 1 || options.view > 256) throw CommandError{kUsageError, "--view: expected 1..256"};
    s.view = options.view;
    return s;
}

}  // namespace mmo::cli::bench::players
