#include "cli/commands/ConfigGenerateCommand.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/ExitCode.hpp"
#include "cli/deploy/DeploymentFiles.hpp"
#include "cli/deploy/HostList.hpp"
#include "cli/monitoring/MonitoringOptions.hpp"
#include "cli/util/AtomicFile.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "cli/util/PortOffset.hpp"
#include "cli/util/RegionConfigPlan.hpp"
#include "common/regions/PortScheme.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultDeployDir = "deploy";

// Refuses (and writes nothing) when a file differs and --force was not given.
template <typename File>
void refuseChangedFiles(const std::vector<File>& files, bool force) {
    for (const auto& file : files)
        if (file.exists && !file.unchanged && !force)
            throw CommandError{kUsageError, file.path.string() +
                                                " exists and differs from what would be generated; "
                                                "nothing was written. Pass --force to overwrite it"};
}

// Writes the files (atomically), one line each: wrote / unchanged.
template <typename File>
void writeFiles(const std::vector<File>& files, const std::string& outDir) {
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) throw CommandError{kEnvironmentError, "cannot create " + outDir + ": " + ec.message()};
    for (const auto& file : files) {
        if (file.unchanged) {
            std::cout << "unchanged " << file.path.string() << "\n";
            continue;
        }
        writeFileAtomically(file.path, file.content);
        std::cout << "wrote     " << file.path.string() << "\n";
    }
}

// The command line that made a deployment, for its README.
std::string deploymentCommand(const ConfigGenerateOptions& o, const std::vector<std::string>& ids,
                              const deploy::DeploymentSpec& spec) {
    std::string regionList;
    for (const auto& id : ids) regionList += (regionList.empty() ? "" : ",") + id;
    std::string command = "mmoctl config generate --regions " + regionList + " --hosts " + o.hosts +
                          (o.natsSupercluster ? " --nats-supercluster" : " --nats-cluster");
    if (spec.offset != 0) command += " --port-offset " + std::to_string(spec.offset);
    const ConfigGenerateOptions defaults;
    if (o.prefix != defaults.prefix) command += " --prefix " + o.prefix;
    if (o.natsBin != defaults.natsBin) command += " --nats-bin " + o.natsBin;
    if (o.etcDir != defaults.etcDir) command += " --etc-dir " + o.etcDir;
    if (o.varDir != defaults.varDir) command += " --var-dir " + o.varDir;
    if (o.user != defaults.user) command += " --user " + o.user;
    const auto& m = o.monitoring;
    const auto& d = defaults.monitoring;
    const std::pair<const char*, std::pair<std::string, std::string>> alerts[] = {
        {"--scrape-interval", {m.scrapeInterval, d.scrapeInterval}},
        {"--alert-down-for", {m.downFor, d.downFor}},
        {"--alert-lag-batches", {std::to_string(m.lagBatches), std::to_string(d.lagBatches)}},
        {"--alert-lag-for", {m.lagFor, d.lagFor}},
        {"--alert-outbox-for", {m.outboxFor, d.outboxFor}},
        {"--alert-digest-for", {m.digestFor, d.digestFor}},
        {"--alert-window", {m.window, d.window}}};
    for (const auto& [flag, values] : alerts)
        if (values.first != values.second) command += std::string(" ") + flag + " " + values.first;
    return command;
}

// An absolute path for a unit file or a config on the hosts.
void requireAbsolute(const char* flag, const std::string& path) {
    if (path.empty() || path.front() != '/' || path.find_first_of(" \t\n\"'\\%$") != std::string::npos)
        throw CommandError{kUsageError, std::string(flag) +
                                            ": expected an absolute path without spaces, quotes, "
                                            "'%' or '$', got \"" +
                                            path + "\""};
}

int runDeployment(const ConfigGenerateOptions& o, const std::vector<std::string>& ids) {
    if (!o.natsUrl.empty())
        throw CommandError{
            kUsageError,
            "--nats-url cannot be combined with --hosts: the deployment runs its own NATS servers"};
    const int servers = resolveNatsClusterSize(o.natsCluster);
    if (o.natsCluster > 0 && servers != static_cast<int>(ids.size()))
        throw CommandError{kUsageError, "--nats-cluster " + std::to_string(o.natsCluster) +
                                            ": with --hosts the cluster has one server per region (" +
                                            std::to_string(ids.size()) +
                                            "); give --nats-cluster without a number"};
    deploy::DeploymentSpec spec;
    spec.regionIds = ids;
    spec.hosts = deploy::parseHostList(o.hosts, ids);
    spec.topology = o.natsSupercluster ? deploy::NatsTopology::Supercluster : deploy::NatsTopology::Cluster;
    requireAbsolute("--prefix", o.prefix);
    requireAbsolute("--nats-bin", o.natsBin);
    requireAbsolute("--etc-dir", o.etcDir);
    requireAbsolute("--var-dir", o.varDir);
    if (!regions::isValidRegionId(o.user))  // the same rule keeps a user name safe in a unit file
        throw CommandError{kUsageError,
                           "--user: expected a user name of [a-z0-9-] (e.g. mmo), got \"" + o.user + "\""};
    spec.prefix = o.prefix;
    spec.natsBin = o.natsBin;
    spec.etcDir = o.etcDir;
    spec.varDir = o.varDir;
    spec.user = o.user;
    spec.offset = resolvePortOffset(o.portOffset, ids, true, static_cast<int>(ids.size()));
    monitoring::validate(o.monitoring);
    spec.monitoring = o.monitoring;
    spec.command = deploymentCommand(o, ids, spec);
    const auto outDir = o.outGiven ? o.outDir : std::string(kDefaultDeployDir);
    const auto files = deploy::planDeploymentFiles(spec, outDir);
    refuseChangedFiles(files, o.force);
    writeFiles(files, outDir);
    std::cout << "deployment of " << ids.size() << " region(s): see "
              << (fs::absolute(outDir) / "README.txt").string() << " for what goes on which host\n";
    return kOk;
}

}  // namespace

void setupConfigGenerate(CLI::App& config, ConfigGenerateOptions& options, int& exitCode) {
    auto* gen =
        config.add_subcommand("generate", "Write one node config per region with non-conflicting ports");
    gen->add_option("--regions", options.regions, "Comma-separated regions: aliases eu, us, ap or ids")
        ->capture_default_str();
    gen->add_option("--out", options.outDir, "Directory to write config-<region>.yml into")
        ->capture_default_str();
    gen->add_option("--nats-url", options.natsUrl,
                    "NATS URL for every region (default: nats://127.0.0.1:4222+offset)");
    gen->add_option("--port-offset", options.portOffset,
                    "Shift every port by N, or \"auto\" for the first free set")
        ->capture_default_str();
    gen->add_flag("--force", options.force, "Overwrite config files that differ from the generated ones");
    auto* cluster = gen->add_option("--nats-cluster", options.natsCluster,
                                    "One JetStream cluster: N local servers (3 without a value), or with "
                                    "--hosts one server per region host; stream replicas min(3, N)")
                        ->expected(0, 1)
                        ->default_str("0")  // the value of a bare --nats-cluster (resolveNatsClusterSize)
                        // Help: "[N]", not "INT=0": no number means 3, or one server per region with --hosts.
                        ->option_text("[N]");
    auto* hosts = gen->add_option("--hosts", options.hosts,
                                  "A multi-host deployment: REGION=HOST for every region (e.g. "
                                  "eu=eu1.example.net,us=us1.example.net); writes node and nats-server "
                                  "configs, systemd units and README.txt");
    gen->add_flag("--nats-supercluster", options.natsSupercluster,
                  "With --hosts: a NATS cluster per region joined by gateways (default: one cluster across "
                  "the hosts)")
        ->needs(hosts)
        ->excludes(cluster);
    gen->add_option("--prefix", options.prefix,
                    "With --hosts: mmo-node is <prefix>/bin/mmo-node on the hosts")
        ->capture_default_str()
        ->needs(hosts);
    gen->add_option("--nats-bin", options.natsBin, "With --hosts: nats-server's path on the hosts")
        ->capture_default_str()
        ->needs(hosts);
    gen->add_option("--etc-dir", options.etcDir, "With --hosts: where the configs go on the hosts")
        ->capture_default_str()
        ->needs(hosts);
    gen->add_option("--var-dir", options.varDir,
                    "With --hosts: node data <dir>/<region> and NATS store <dir>/nats-<region> on the hosts")
        ->capture_default_str()
        ->needs(hosts);
    gen->add_option("--user", options.user, "With --hosts: the user (and group) the services run as")
        ->capture_default_str()
        ->needs(hosts);
    for (auto* option : monitoring::addMonitoringOptions(*gen, options.monitoring))  // prometheus.yml, rules
        option->needs(hosts);
    gen->footer(
        "Examples:\n"
        "  mmoctl config generate --regions eu,us,ap\n"
        "  mmoctl config generate --regions eu,us --out ./configs --port-offset auto\n"
        "  mmoctl config generate --regions eu,us,ap --nats-cluster 3    # for a local 3-server cluster\n"
        "  mmoctl config generate --regions eu,us,ap --out deploy \\\n"
        "      --hosts eu=eu1.example.net,us=us1.example.net,ap=ap1.example.net --nats-supercluster\n"
        "Region i gets TCP 7777+2i, UDP 7778+2i, REST 8088+i, metrics 2112+i; NATS server i client 4222+i,\n"
        "monitoring 8222+i, routes 6222+i, gateway 7222+i (plus the offset). See docs/deploy.md.");
    gen->callback([&options, &exitCode, gen] {
        options.outGiven = gen->get_option("--out")->count() > 0;
        exitCode = runConfigGenerate(options);
    });
}

int runConfigGenerate(const ConfigGenerateOptions& options) {
    std::vector<std::string> ids;
    try {
        ids = regions::parseRegionList(options.regions);
    } catch (const std::invalid_argument& e) {
        throw CommandError{kUsageError, std::string("--regions: ") + e.what()};
    }
    if (!options.hosts.empty()) return runDeployment(options, ids);
    if (!options.natsUrl.empty() && options.natsCluster >= 0)
        throw CommandError{kUsageError,
                           "--nats-cluster plans local NATS servers; it cannot be combined "
                           "with --nats-url"};
    const int servers = options.natsUrl.empty() ? resolveNatsClusterSize(options.natsCluster) : 1;
    const int offset = resolvePortOffset(options.portOffset, ids, options.natsUrl.empty(), servers);
    const auto files = planRegionConfigs(ids, offset, options.natsUrl, options.outDir, servers);
    refuseChangedFiles(files, options.force);
    writeFiles(files, options.outDir);
    if (offset != 0) std::cout << "port offset: " << offset << "\n";
    return kOk;
}

}  // namespace mmo::cli
