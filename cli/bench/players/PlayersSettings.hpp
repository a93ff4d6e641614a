#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace mmo::cli::bench::players {

// `mmoctl bench players` as typed on the command line (strings are parsed by parsePlayersSettings).
struct BenchPlayersOptions {
    std::vector<std::string> regions{"eu"};
    int players = 100;  // per region
    double moveHz = 0;  // 0: the node's position rate
    double placeEvery = 5;
    std::string duration = "10s";
    std::string warmup = "2s";
    int threads = 1;
    std::string driverCpus;
    std::string setCpus;
    int nearby = 32;
    int view = 32;
    std::string stateDir = ".mmoctl";
    std::string portOffset = "auto";
    std::string nodeBin;
    std::string natsBin;
    bool useRunning = false;
    bool json = false;
};

// The validated settings of a run.
struct PlayersSettings {
    std::vector<std::string> regions;  // region ids
    int players = 100;
    double moveHz = 0;
    double placeEvery = 5;
    std::chrono::milliseconds duration{10000};
    std::chrono::milliseconds warmup{2000};
    int threads = 1;
    std::set<int> driverCpus;  // empty: not pinned
    std::set<int> setCpus;     // the nodes of the set; empty: not pinned
    int nearby = 32;
    int view = 32;
};

// Validates the options; throws CommandError (exit 2) naming the flag and what is valid.
PlayersSettings parsePlayersSettings(const BenchPlayersOptions& options);

}  // namespace mmo::cli::bench::players
