#include "cli/supervisor/SetPlan.hpp"

#include <unistd.h>

#include <algorithm>

#include "cli/state/PrivatePaths.hpp"
#include "cli/util/AtomicFile.hpp"
#include "cli/util/ChaosLinkPlan.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "common/regions/PortScheme.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

// Variables that would move a node off its planned ports, region, bus or data (env beats YAML).
const std::vector<std::string> kPlanOverrides{"GAME_CONFIG",           "GAME_TCP_PORT",
                                              "GAME_UDP_PORT",         "GAME_REST_PORT",
                                              "GAME_METRICS_PORT",     "GAME_SERVER_HOST",
                                              "GAME_SERVER_TCP_PORT",  "GAME_SERVER_UDP_PORT",
                                              "GAME_SERVER_REST_PORT", "GAME_SERVER_METRICS_PORT",
                                              "GAME_SYNC_REGION_ID",   "GAME_EVENTBUS_URL",
                                              "GAME_STORAGE_DATA_DIR"};

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// The log file of every process of the set.
std::vector<fs::path> setLogFiles(const SetState& state) {
    std::vector<fs::path> logs;
    for (const auto* server : managedNatsServers(state)) logs.emplace_back(server->process.logFile);
    if (state.chaos) logs.emplace_back(state.chaos->process.logFile);
    for (const auto& r : state.regions) logs.emplace_back(r.process.logFile);
    return logs;
}

}  // namespace

SetPlan makeSetPlan(const SetPlanInput& input) {
    SetPlan plan;
    auto& s = plan.state;
    s.stateDir = input.stateDir.string();
    s.portOffset = input.offset;
    s.bindAddress = input.bindAddress;
    const auto logs = input.stateDir / "logs";
    const bool cluster = input.externalNatsUrl.empty() && input.natsServers > 1;
    s.nats.url = cluster ? localNatsUrls(input.offset, input.natsServers)
                         : effectiveNatsUrl(input.externalNatsUrl, input.offset);
    if (input.externalNatsUrl.empty()) {
        for (int i = 0; i < (cluster ? input.natsServers : 1); ++i) {
            const auto ports = regions::natsPorts(input.offset, i);
            const auto name = natsServerName(i, cluster ? input.natsServers : 1);
            NatsRecord server;
            server.process = {name, 0, input.natsBinary.string(), (logs / (name + ".log")).string()};
            server.url = "nats://127.0.0.1:" + std::to_string(ports.client);
            server.clientPort = ports.client;
            server.monitorPort = ports.monitoring;
            server.clusterPort = cluster ? ports.cluster : 0;
            server.storeDir = (input.stateDir / name).string();
            if (i == 0) {
                server.url = s.nats.url;
                s.nats = std::move(server);
            } else {
                s.natsPeers.push_back(std::move(server));
            }
        }
    } else {
        s.nats.process.name = "nats";
    }
    plan.configs =
        planRegionConfigs(input.regionIds, input.offset, input.externalNatsUrl, input.stateDir / "configs",
                          cluster ? input.natsServers : 1, input.withChaos, input.bindAddress);
    if (input.withChaos) {
        ChaosRecord chaos;
        chaos.process = {kChaosProcessName, 0, input.chaosBinary.string(),
                         (logs / (std::string(kChaosProcessName) + ".log")).string()};
        chaos.controlPort = regions::chaosControlPort(input.offset);
        for (std::size_t i = 0; i < input.regionIds.size(); ++i)
            chaos.links.push_back({input.regionIds[i],
                                   regions::chaosLinkPort(static_cast<int>(i), input.offset),
                                   chaosUpstreams(input.externalNatsUrl, input.offset,
                                                  cluster ? input.natsServers : 1, static_cast<int>(i))});
        chaos.wan = input.wan;
        chaos.wanJitter = input.wanJitter;
        chaos.wanRate = input.wanRate;
        s.chaos = std::move(chaos);
    }
    for (const auto& c : plan.configs) {
        RegionRecord r;
        r.process = {c.regionId, 0, input.nodeBinary.string(), (logs / (c.regionId + ".log")).string()};
        r.configFile = c.path.string();
        r.dataDir = c.dataDir.string();
        r.tcpPort = c.ports.tcp;
        r.udpPort = c.ports.udp;
        r.restPort = c.ports.rest;
        r.metricsPort = c.ports.metrics;
        s.regions.push_back(std::move(r));
    }
    return plan;
}

LaunchSpec natsLaunch(const NatsRecord& nats, bool detached, const std::string& bind) {
    LaunchSpec spec;
    spec.name = nats.process.name;
    spec.binary = nats.process.binary;
    spec.args = {"-js",
                 "-a",
                 bind,
                 "-p",
                 std::to_string(nats.clientPort),
                 "-m",
                 std::to_string(nats.monitorPort),
                 "-sd",
                 nats.storeDir};
    spec.logFile = nats.process.logFile;
    spec.detached = detached;
    spec.setEnv = {{"TZ", "UTC"}};  // its timestamps then match the nodes' (UTC), so `logs` interleaves them
    return spec;
}

LaunchSpec natsClusterLaunch(const NatsRecord& server, const std::vector<const NatsRecord*>& cluster,
                             bool detached, const std::string& bind) {
    auto spec = natsLaunch(server, detached, bind);
    std::string routes;
    for (const auto* other : cluster)
        if (other->process.name != server.process.name)
            routes += (routes.empty() ? "" : ",") + std::string("nats://127.0.0.1:") +
                      std::to_string(other->clusterPort);
    const std::vector<std::string> clusterArgs{"-n",
                                               server.process.name,
                                               "--cluster_name",
                                               kLocalClusterName,
                                               "--cluster",
                                               "nats://" + bind + ":" + std::to_string(server.clusterPort),
                                               "--routes",
                                               routes};
    spec.args.insert(spec.args.begin(), clusterArgs.begin(), clusterArgs.end());
    return spec;
}

LaunchSpec chaosLaunch(const ChaosRecord& chaos, bool detached, const fs::path& tokenFile) {
    LaunchSpec spec;
    spec.name = chaos.process.name;
    spec.binary = chaos.process.binary;
    spec.args = {"chaos",        "serve",           "--control-port", std::to_string(chaos.controlPort),
                 "--token-file", tokenFile.string()};
    for (const auto& link : chaos.links) {
        spec.args.insert(spec.args.end(),
                         {"--listen", link.region + "=127.0.0.1:" + std::to_string(link.listenPort)});
        for (const auto& upstream : link.upstreams)
            spec.args.insert(spec.args.end(), {"--upstream", link.region + "=" + upstream});
    }
    const std::pair<const char*, const std::string*> shaping[] = {
        {"--wan", &chaos.wan}, {"--wan-jitter", &chaos.wanJitter}, {"--wan-rate", &chaos.wanRate}};
    for (const auto& [flag, value] : shaping)
        if (!value->empty()) spec.args.insert(spec.args.end(), {flag, *value});
    spec.logFile = chaos.process.logFile;
    spec.detached = detached;
    return spec;
}

LaunchSpec nodeLaunch(const RegionRecord& region, bool detached) {
    LaunchSpec spec;
    spec.name = region.process.name;
    spec.binary = region.process.binary;
    spec.args = {"--config", region.configFile};
    spec.logFile = region.process.logFile;
    spec.detached = detached;
    spec.unsetEnv = kPlanOverrides;
    return spec;
}

std::vector<std::string> findBusyPorts(const SetPlanInput& input, const std::vector<std::string>& natsToStart,
                                       const std::vector<std::string>& regionsToStart, bool chaosToStart) {
    std::vector<std::string> busy;
    const auto uses = regions::plannedPorts(input.regionIds, input.offset, input.externalNatsUrl.empty(),
                                            input.natsServers, input.withChaos);
    for (const auto& use : uses) {
        const auto owner = use.owner.substr(0, use.owner.find(' '));
        const bool starting = owner == kChaosProcessName ? chaosToStart
                              : isNatsProcessName(owner) ? contains(natsToStart, owner)
                                                         : contains(regionsToStart, owner);
        if (starting && !regions::isPortFreeOnHost(use.protocol, use.port))
            busy.push_back(use.owner + " " + std::to_string(use.port) +
                           (use.protocol == regions::Protocol::Udp ? " (udp)" : "") + " is in use");
    }
    return busy;
}

std::vector<std::string> prepareSetFiles(const SetPlan& plan, const std::vector<std::string>& regions) {
    const fs::path stateDir = plan.state.stateDir;
    preparePrivateStateDir(stateDir);
    preparePrivateSubdir(stateDir / "configs");
    preparePrivateSubdir(stateDir / "logs");
    preparePrivateSubdir(stateDir / "data");
    for (const auto* server : managedNatsServers(plan.state))
        if (!server->storeDir.empty()) preparePrivateSubdir(server->storeDir);
    // Every log of the set now, before anything starts: a planted symlink stops `up` with nothing running.
    for (const auto& log : setLogFiles(plan.state)) ::close(openPrivateAppend(log));
    std::vector<std::string> written;
    for (const auto& c : plan.configs) {
        if (!contains(regions, c.regionId)) continue;
        preparePrivateSubdir(c.dataDir);
        if (c.unchanged) continue;
        if (c.exists) {
            fs::rename(c.path, fs::path(c.path.string() + ".prev"));
            written.push_back("updated " + c.path.string() + " (the previous one is kept as " +
                              c.path.filename().string() + ".prev)");
        }
        writeFileAtomically(c.path, c.content);
    }
    return written;
}

}  // namespace mmo::cli
