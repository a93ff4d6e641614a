#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/regions/PortScheme.hpp"

namespace mmo::cli {

// One region's generated config: where it goes, what it holds, and how it compares to what is there.
struct PlannedConfig {
    std::string regionId;
    regions::RegionPorts ports;
    std::filesystem::path path;     // <configDir>/config-<region>.yml, absolute
    std::filesystem::path dataDir;  // <parent of configDir>/data/<region>, absolute
    std::string content;
    bool exists = false;     // a file is already at path
    bool unchanged = false;  // ... with exactly this content
};

// The configs of regions (in port-plan order) with the given offset; natsUrl empty means the local
// nats-server of the plan, or with natsServers > 1 the local JetStream cluster: region i lists server
// i mod natsServers first, then the others, and gets min(3, natsServers) stream replicas. viaChaos: every
// node connects to its own link of the chaos proxy instead (chaosNodeUrl). Reads existing files to
// compare; writes nothing. bindHost: every node's server.host.
std::vector<PlannedConfig> planRegionConfigs(const std::vector<std::string>& regionIds, int offset,
                                             const std::string& natsUrl,
                                             const std::filesystem::path& configDir, int natsServers = 1,
                                             bool viaChaos = false, const std::string& bindHost = "0.0.0.0");

// The URL the nodes use: natsUrl, or the local server of the plan at offset.
std::string effectiveNatsUrl(const std::string& natsUrl, int offset);

}  // namespace mmo::cli
