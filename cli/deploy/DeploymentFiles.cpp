#include "cli/deploy/DeploymentFiles.hpp"

#include <fstream>
#include <sstream>

#include "cli/deploy/DeploymentReadme.hpp"
#include "cli/deploy/NatsServerConf.hpp"
#include "cli/deploy/SystemdUnits.hpp"
#include "cli/monitoring/AlertRules.hpp"
#include "cli/monitoring/PrometheusConfig.hpp"
#include "cli/util/RegionConfigWriter.hpp"

namespace mmo::cli::deploy {

namespace fs = std::filesystem;

namespace {

PlannedFile plannedFile(const fs::path& path, std::string content) {
    PlannedFile file{path, std::move(content)};
    file.exists = fs::exists(path);
    if (file.exists) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        file.unchanged = text.str() == file.content;
    }
    return file;
}

}  // namespace

std::string renderDeploymentNodeConfig(const DeploymentSpec& spec, std::size_t i) {
    RegionConfigSpec node;
    node.regionId = spec.regionIds[i];
    node.ports = spec.nodePorts(i);
    const auto n = spec.regionIds.size();
    node.natsUrl.clear();
    for (std::size_t k = 0; k < n; ++k) {  // its own server first, then round the others
        const auto j = (i + k) % n;
        node.natsUrl += (k == 0 ? "" : ",") + std::string("nats://") + spec.hosts[j] + ":" +
                        std::to_string(spec.natsPorts(j).client);
    }
    node.replicas = spec.replicas();
    node.dataDir = spec.varDir + "/" + spec.regionIds[i];
    return renderRegionConfig(node);
}

std::vector<PlannedFile> planDeploymentFiles(const DeploymentSpec& spec, const fs::path& outDir) {
    const auto dir = fs::absolute(outDir).lexically_normal();
    std::vector<PlannedFile> files;
    for (std::size_t i = 0; i < spec.regionIds.size(); ++i) {
        files.push_back(
            plannedFile(dir / regionConfigFileName(spec.regionIds[i]), renderDeploymentNodeConfig(spec, i)));
        files.push_back(plannedFile(dir / (spec.serverName(i) + ".conf"), renderNatsServerConf(spec, i)));
        files.push_back(plannedFile(dir / natsUnitFileName(spec, i), renderNatsUnit(spec, i)));
    }
    files.push_back(plannedFile(dir / nodeUnitFileName(), renderNodeUnit(spec)));
    std::vector<monitoring::ScrapeTarget> targets;  // every node's metrics port, on its host
    for (std::size_t i = 0; i < spec.regionIds.size(); ++i)
        targets.push_back(
            {spec.regionIds[i], spec.hosts[i] + ":" + std::to_string(spec.nodePorts(i).metrics)});
    files.push_back(plannedFile(dir / monitoring::kConfigFileName,
                                monitoring::renderPrometheusConfig(targets, spec.monitoring)));
    files.push_back(
        plannedFile(dir / monitoring::kRulesFileName, monitoring::renderAlertRules(spec.monitoring)));
    files.push_back(plannedFile(dir / "README.txt", renderDeploymentReadme(spec)));
    return files;
}

}  // namespace mmo::cli::deploy
