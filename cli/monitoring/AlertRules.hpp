#pragma once

#include <string>

#include "cli/monitoring/MonitoringSettings.hpp"

// The generated recording and alert rules (mmo-rules.yml), documented rule by rule in docs/operations.md
// ("Monitoring with Prometheus"). The names of the series are those of docs/metrics.md.
namespace mmo::cli::monitoring {

std::string renderAlertRules(const MonitoringSettings& settings);

}  // namespace mmo::cli::monitoring
