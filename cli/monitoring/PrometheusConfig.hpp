#pragma once

#include <string>
#include <vector>

#include "cli/monitoring/MonitoringSettings.hpp"

// The generated prometheus.yml of a set (`mmoctl up --monitoring`) or a deployment (`config generate
// --hosts`): one job, mmo-node, scraping every node's metrics port, each target labelled with its region.
namespace mmo::cli::monitoring {

// The file names, next to each other (rule_files is relative to the config file).
inline constexpr const char* kConfigFileName = "prometheus.yml";
inline constexpr const char* kRulesFileName = "mmo-rules.yml";
inline constexpr const char* kScrapeJob = "mmo-node";

struct ScrapeTarget {
    std::string region;   // eu-west-1: the target's `region` label
    std::string address;  // host:port of its metrics port
};

std::string renderPrometheusConfig(const std::vector<ScrapeTarget>& targets,
                                   const MonitoringSettings& settings);

}  // namespace mmo::cli::monitoring
