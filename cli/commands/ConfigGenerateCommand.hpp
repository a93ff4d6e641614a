#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"
#include "cli/monitoring/MonitoringSettings.hpp"

namespace mmo::cli {

struct ConfigGenerateOptions {
    std::string regions = "eu,us,ap";
    std::string outDir = ".mmoctl/configs";
    std::string natsUrl;           // empty: the local nats-server of the port plan
    std::string portOffset = "0";  // a number or "auto"
    bool force = false;
    int natsCluster = -1;  // --nats-cluster: -1 absent, 0 given without a value, else N servers
    // A multi-host deployment (--hosts): node configs, nats-server configs, systemd units, README.txt.
    std::string hosts;  // "eu=eu1.example.net,us=..."; empty: configs for a local set
    bool natsSupercluster = false;
    std::string prefix = "/usr/local";
    std::string natsBin = "/usr/sbin/nats-server";
    std::string etcDir = "/etc/mmo";
    std::string varDir = "/var/lib/mmo";
    std::string user = "mmo";
    monitoring::MonitoringSettings monitoring;  // with --hosts: prometheus.yml and mmo-rules.yml
    bool outGiven = false;                      // set by the parser: --out was on the command line
};

// `mmoctl config generate`: per-region node configs with non-conflicting ports (docs/operations.md, ports).
void setupConfigGenerate(CLI::App& config, ConfigGenerateOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 ok, 2 usage, 3 environment). With --hosts it writes a
// deployment (default DIR ./deploy) instead of the configs of a local set.
int runConfigGenerate(const ConfigGenerateOptions& options);

}  // namespace mmo::cli
