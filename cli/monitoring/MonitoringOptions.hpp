#pragma once

#include <CLI/CLI.hpp>

#include "cli/monitoring/MonitoringSettings.hpp"

namespace mmo::cli::monitoring {

// The flags that shape the generated Prometheus config and rules (--scrape-interval, --alert-*), shared
// by `up --monitoring` and `config generate --hosts`.
void addMonitoringOptions(CLI::App& command, MonitoringSettings& settings);

}  // namespace mmo::cli::monitoring
