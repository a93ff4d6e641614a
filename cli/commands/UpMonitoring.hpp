#pragma once

#include <optional>
#include <string>

#include "cli/monitoring/MonitoringSettings.hpp"
#include "cli/state/StateFile.hpp"

// `mmoctl up --monitoring`: the set's Prometheus, planned before anything starts (so a missing binary
// starts nothing) and configured once the nodes run.
namespace mmo::cli {

// The record of the Prometheus to start: the binary found (`prometheusBin`, else PATH, then /usr/bin) and
// a free port. Throws CommandError (exit 3) naming the package when there is no prometheus binary.
PrometheusRecord planSetPrometheus(const std::string& stateDir, const std::string& prometheusBin);

// Writes <state>/prometheus/prometheus.yml (every node's metrics port on 127.0.0.1, labelled with its
// region) and mmo-rules.yml next to it; creates the data dir.
void writeSetMonitoringFiles(const SetState& state, const monitoring::MonitoringSettings& settings);

// After regions were added to a set whose Prometheus runs: rewrites its config (keeping its scrape
// interval) and asks it to reload (SIGHUP). Returns a line for the user.
std::string reloadSetPrometheus(const SetState& state, const monitoring::MonitoringSettings& settings);

}  // namespace mmo::cli
