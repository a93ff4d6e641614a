#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/http/Router.hpp"

namespace mmo::metrics {

// Appends metric families in the Prometheus text format (0.0.4) to `out`. The metrics registry
// (common/metrics/MetricsRegistry) plugs in here as one more collector: out += registry.render().
using MetricsCollector = std::function<void(std::string& out)>;

// A collector for build_info{version,region} 1.
MetricsCollector buildInfoCollector(std::string version, std::string region);

// GET /metrics: every collector's output, as text/plain; version=0.0.4.
void addMetricsRoute(http::Router& router, std::vector<MetricsCollector> collectors);

}  // namespace mmo::metrics
