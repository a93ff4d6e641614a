#include "cli/util/RegionConfigPlan.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli/util/ChaosLinkPlan.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "cli/util/RegionConfigWriter.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

std::string readWholeFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string effectiveNatsUrl(const std::string& natsUrl, int offset) {
    return natsUrl.empty() ? fmt::format("nats://127.0.0.1:{}", regions::natsPorts(offset).client) : natsUrl;
}

std::vector<PlannedConfig> planRegionConfigs(const std::vector<std::string>& regionIds, int offset,
                                             const std::string& natsUrl, const fs::path& configDir,
                                             int natsServers, bool viaChaos, const std::string& bindHost) {
    const auto outDir = fs::absolute(configDir).lexically_normal();
    std::vector<PlannedConfig> plan;
    for (std::size_t i = 0; i < regionIds.size(); ++i) {
        RegionConfigSpec spec;
        spec.regionId = regionIds[i];
        spec.ports = regions::portsForRegion(static_cast<int>(i), offset);
        const bool cluster = natsUrl.empty() && natsServers > 1;
        spec.natsUrl = cluster ? localNatsUrls(offset, natsServers, static_cast<int>(i) % natsServers)
                               : effectiveNatsUrl(natsUrl, offset);
        if (cluster) spec.replicas = streamReplicas(natsServers);
        if (viaChaos) spec.natsUrl = chaosNodeUrl(offset, static_cast<int>(i), natsUrl);
        const auto dataDir = outDir.parent_path() / "data" / regionIds[i];
        spec.dataDir = dataDir.string();
        spec.host = bindHost;
        PlannedConfig config{regionIds[i], spec.ports, outDir / regionConfigFileName(regionIds[i]), dataDir,
                             renderRegionConfig(spec)};
        config.exists = fs::exists(config.path);
        config.unchanged = config.exists && readWholeFile(config.path) == config.content;
        plan.push_back(std::move(config));
    }
    return plan;
}

}  // namespace mmo::cli
