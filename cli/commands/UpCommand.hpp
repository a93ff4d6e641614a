#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"
#include "cli/monitoring/MonitoringSettings.hpp"

namespace mmo::cli {

struct UpOptions {
    std::string regions;  // empty: the running set's regions, or eu,us,ap for a new set
    bool detach = false;
    std::string stateDir = ".mmoctl";
    std::string natsUrl;   // empty: start a local nats-server
    int natsCluster = -1;  // --nats-cluster: -1 absent (one server), 0 given without a value (3), else N
    std::string natsBin;
    std::string nodeBin;
    std::string portOffset = "0";  // a number or "auto"
    std::string
        bind;  // what the nodes and NATS listen on: 127.0.0.1 (empty: it, or the running set's) or 0.0.0.0
    std::string timeout = "30s";
    // The chaos link proxy between each node and NATS (docs/chaos.md): any of these starts it.
    std::string wan;        // latency: eu=40ms,ap=120ms or 40ms
    std::string wanJitter;  // 10ms or eu=5ms,ap=20ms
    std::string wanRate;    // ap=512kbit
    // --monitoring: Prometheus as a process of the set, scraping every node (docs/operations.md).
    bool monitoring = false;
    std::string prometheusBin;
    monitoring::MonitoringSettings monitoringSettings;
    bool console = false;  // --console: `mmoctl console` as a process of the set (docs/console.md)
};

// `mmoctl up`: starts NATS (and with --wan the chaos link proxy) and the region nodes, waits until all
// are ready, prints the endpoints, then streams their logs until Ctrl-C (or returns at once with --detach).
void setupUp(CLI::App& app, UpOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 ok, 2 usage, 3 environment, 4 a process failed).
int runUp(const UpOptions& options);

}  // namespace mmo::cli
