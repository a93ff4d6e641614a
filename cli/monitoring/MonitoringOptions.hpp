#pragma once

#include <CLI/CLI.hpp>
#include <vector>

#include "cli/monitoring/MonitoringSettings.hpp"

namespace mmo::cli::monitoring {

// The flags that shape the generated Prometheus config and rules (--scrape-interval, --alert-*), shared
// by `up --monitoring` and `config generate --hosts`. Returns the options added.
std::vector<CLI::Option*> addMonitoringOptions(CLI::App& command, MonitoringSettings& settings);

}  // namespace mmo::cli::monitoring
