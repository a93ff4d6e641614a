#pragma once

#include <functional>
#include <string>

#include "cli/bench/BenchReport.hpp"
#include "cli/bench/BenchSet.hpp"
#include "cli/bench/ConvergenceProbe.hpp"
#include "cli/bench/LoadDriver.hpp"
#include "cli/bench/MetricsSampler.hpp"

namespace mmo::cli::bench {

// The parts a project pass uses, set up once for every pass of a run.
struct ProjectRig {
    BenchSet& set;
    LoadDriver& driver;
    ConvergenceProbe& probe;
    MetricsSampler& sampler;
    CpuPids cpuPids;  // the set's nodes and nats-server, for the pass's CPU figures
    std::function<void(const std::string&)> progress;  // live line (terminal only), may be empty
    std::function<bool()> interrupted;
};

// One pass of the project, end to end: writes through the game ports for settings.duration at `rate`
// (total changes/s, 0 = max), then waits until every acknowledged change was published and applied in
// every other region (bounded by flush_every_seconds + 30 s). Per pair: changes applied (the
// destination's eventbus_consumed_changes_total{source_region} delta) over the time from the pass start to
// the scrape that first showed the last of them; the probe's latency samples; bytes per change from the
// published bytes and changes deltas; the CPU seconds of the nodes, nats-server and mmoctl from just before
// the first write to the scrape that showed every change applied.
PassResult runProjectPass(const BenchSettings& settings, ProjectRig& rig, double rate);

}  // namespace mmo::cli::bench
