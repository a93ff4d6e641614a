#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/deploy/DeploymentSpec.hpp"

namespace mmo::cli::deploy {

// One generated file and how it compares to what is already at its path.
struct PlannedFile {
    std::filesystem::path path;  // absolute, in the output dir
    std::string content;
    bool exists = false;
    bool unchanged = false;
};

// Every file of a deployment, in outDir: config-<region>.yml (node), nats-<region>.conf (nats-server),
// nats-server-<region>.service, mmo-node@.service, prometheus.yml and mmo-rules.yml (Prometheus scraping
// every host's node) and README.txt. Reads existing files to compare;
// writes nothing.
std::vector<PlannedFile> planDeploymentFiles(const DeploymentSpec& spec, const std::filesystem::path& outDir);

// Region i's node config: server.host 0.0.0.0, the port plan's ports, eventbus.url with the region's own
// NATS server first and then the others', the topology's stream replicas, data in <varDir>/<region>.
std::string renderDeploymentNodeConfig(const DeploymentSpec& spec, std::size_t i);

}  // namespace mmo::cli::deploy
