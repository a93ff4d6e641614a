#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace mmo::cli::bench {

// `mmoctl bench sync` as typed on the command line (strings are parsed by parseBenchSettings).
struct BenchSyncOptions {
    std::vector<std::string> regions{"eu", "us", "ap"};
    std::string duration = "10s";
    std::string rate = "max";  // total changes/s across the regions, "max" or "half"
    int batchSize = 100;
    std::string flush = "0.05";  // flush_every_seconds
    std::string gzip = "on";
    std::string stateDir = ".mmoctl";
    std::string portOffset = "auto";
    std::string nodeBin;
    std::string natsBin;
    bool useRunning = false;
    int connections = 4;  // game connections per region
    int inFlight = 64;    // unacknowledged writes per connection
    int areaSide = 1000;  // changes go to random cells of a square this wide at (0, 0)
    std::uint32_t seed = 1;
    bool baselines = true;
    bool json = false;
    std::string reportDir;   // --report: where report.json and report.html go ("" = none)
    std::string driverCpus;  // --driver-cpus: CPU list for mmoctl's own threads ("" = not pinned)
    std::string setCpus;     // --set-cpus: CPU list for the set's nodes and nats-server ("" = not pinned)
};

// How the rate is chosen.
enum class RateMode {
    Fixed,  // `rate` changes per second in total
    Max,    // as fast as acks allow, bounded in flight
    Half,   // a max pass first, then a measured pass at half the project's measured rate
};

// The validated settings of a run.
struct BenchSettings {
    std::vector<std::string> regions;  // region ids, in port order
    std::chrono::milliseconds duration{10000};
    RateMode mode = RateMode::Max;
    double rate = 0;  // total changes/s (Fixed)
    int batchSize = 100;
    double flushSeconds = 0.05;
    bool gzip = true;
    int connections = 4;
    int inFlight = 64;
    int areaSide = 1000;
    std::uint32_t seed = 1;
    bool baselines = true;
    std::set<int> driverCpus;  // empty: not pinned
    std::set<int> setCpus;
};

// Validates the options; throws CommandError (exit 2) naming the flag and what is valid.
BenchSettings parseBenchSettings(const BenchSyncOptions& options);

// --regions of the bench commands: aliases expanded, each a valid region id, none twice (exit 2 otherwise).
std::vector<std::string> parseBenchRegions(const std::vector<std::string>& names);

// "max", "half" or a positive number of changes per second; throws CommandError (exit 2) otherwise.
void parseRate(const std::string& text, RateMode& mode, double& rate);

// "on"/"off" (also true/false, yes/no, 1/0); throws CommandError (exit 2) otherwise.
bool parseOnOff(const std::string& flag, const std::string& text);

// The text of a rate for reports: "max", "half" or the number.
std::string rateText(RateMode mode, double rate);

}  // namespace mmo::cli::bench
