#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "cli/bench/BenchReport.hpp"

// The `bench sync --report` page: one self-contained HTML file (inline CSS and SVG, no script, nothing
// fetched) with the passes side by side.
namespace mmo::cli::bench::report {

// The passes of a run in report order: the max pass (half mode), the project pass, naive, raw.
std::vector<const PassResult*> reportPasses(const BenchResult& result);

// The HTML page: the settings, applied/s and worst p99 per pass as bars, then one column per pass with
// the latency CDF per (source, destination) pair and the applied changes per second over the pass per
// pair, then the text report of the run.
std::string htmlReport(const BenchResult& result);

// The --json document plus "plots": per pass ("max_pass", "project", "naive", "raw"), per pair, the CDF
// quantiles and the throughput series the page draws.
boost::json::object reportJson(const BenchResult& result);

}  // namespace mmo::cli::bench::report
