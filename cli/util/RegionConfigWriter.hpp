#pragma once

#include <string>

#include "common/regions/PortScheme.hpp"

namespace mmo::cli {

// What a generated region config holds: the guide's keys plus the server and storage sections.
struct RegionConfigSpec {
    std::string regionId;
    regions::RegionPorts ports;
    std::string natsUrl = "nats://127.0.0.1:4222";
    std::string stream = "GLOBAL_EVENTS";
    int retentionHours = 24;
    int replicas =
        1;  // written only when more than 1 (a JetStream cluster), so single-server files stay as they were
    int batchSize = 100;
    double flushEverySeconds = 3.0;
    bool useGzip = true;
    std::string dataDir;
    std::string host = "0.0.0.0";  // server.host: the address every listener of the node binds to
};

// The YAML text of a node config for spec, with a header saying how it was made.
std::string renderRegionConfig(const RegionConfigSpec& spec);

// The file name a region's config gets: config-<region_id>.yml.
std::string regionConfigFileName(const std::string& regionId);

}  // namespace mmo::cli
