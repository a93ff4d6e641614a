#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/bench/BenchSettings.hpp"
#include "cli/bench/LatencySummary.hpp"
#include "cli/bench/ProcStat.hpp"

namespace mmo::cli::bench {

// One (source, destination) pair of a pass.
struct PairResult {
    std::string source;
    std::string destination;
    std::uint64_t appliedChanges = 0;  // changes of source applied at destination during the pass
    double seconds = 0;                // pass start to the last of them applied
    double appliedPerSecond = 0;
    std::optional<LatencySummary> latency;  // none when the pass does not measure it
    // For the plots (--report): latency (ms) at the kCdfPoints quantiles (empty when not measured), and
    // changes applied per second in each seriesIntervalSeconds() interval from the pass start.
    std::vector<double> latencyCdfMs;
    double seriesIntervalSeconds = 0;
    std::vector<double> appliedPerSecondSeries;
};

// One measured pass: the project, or a baseline.
struct PassResult {
    std::string name;        // "project", "naive", "raw"
    std::string rate;        // "max" or the total changes/s asked
    double loadSeconds = 0;  // how long changes were produced
    std::uint64_t changesSent = 0;
    std::uint64_t changesAcked = 0;  // project: BLOCK_ACKs; baselines: PubAcks of the changes
    std::uint64_t refused = 0;       // project: writes answered with an error
    std::uint64_t messages = 0;      // batches (project, raw) or messages (naive) published
    double bytesPerChange = 0;       // wire bytes published / changes published
    double rawBytesPerChange = 0;    // before gzip (project only)
    std::uint64_t resyncs = 0;       // probe cut-offs (project only)
    bool complete = true;            // every change published reached every other region in time
    std::vector<std::string> problems;
    std::vector<PairResult> pairs;
    // CPU over the pass: from just before the first change to the moment every change was applied
    // everywhere (project: the nodes, nats-server and mmoctl's load driver and probes; baselines:
    // nats-server and mmoctl, whose only work then is the baseline's clients).
    CpuUsage cpu;

    // Changes applied in the other regions, summed over every pair.
    std::uint64_t appliedChanges() const;
    // The sum of applied/s over every pair: changes applied per second in the other regions.
    double totalAppliedPerSecond() const;
    // The ingress rate: changes acknowledged per second.
    double ackedPerSecond() const;
    // The worst p99 over the pairs (0 when none measured).
    double worstP99() const;
};

// Everything a run measured.
struct BenchResult {
    BenchSettings settings;
    std::string set;  // "own" or "running"
    std::string syncSource;
    std::string natsServerVersion;
    std::optional<PassResult> maxPass;  // half mode: the max pass before the measured one
    PassResult project;                 // the pass at the asked rate
    std::optional<PassResult> naive;
    std::optional<PassResult> raw;
    std::optional<double> ratioVsNaive;  // project / naive, from the max passes in half mode
    std::optional<double> ratioVsRaw;
    // Node CPU seconds per million changes applied (project, the max pass in half mode) / mmoctl's CPU
    // seconds per million changes applied in the raw baseline (its bare nats.c clients).
    std::optional<double> cpuRatioVsRaw;
};

// The node / raw-client CPU per million applied changes the issue aims for at most.
inline constexpr double kCpuRatioTarget = 2.0;

// project's node CPU per million applied / raw's mmoctl CPU per million applied (nullopt when a figure
// is missing).
std::optional<double> cpuRatio(const PassResult& project, const PassResult& raw);

// project / baseline of total applied changes per second (nullopt when the baseline applied nothing).
std::optional<double> throughputRatio(const PassResult& project, const PassResult& baseline);

// The p99 target for a flush interval: flush_every_seconds + 50 ms.
double latencyTargetMs(double flushSeconds);

// The `--json` document.
boost::json::object toJson(const BenchResult& result);

// The human report: settings, one table per pass, the ratios and the latency check.
void printReport(const BenchResult& result, std::ostream& out);

}  // namespace mmo::cli::bench
