#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/state/StateFile.hpp"
#include "cli/supervisor/ChildProcess.hpp"
#include "cli/util/RegionConfigPlan.hpp"

namespace mmo::cli {

// What a set looks like on disk and on the network, before anything runs.
struct SetPlanInput {
    std::filesystem::path stateDir;      // absolute
    std::vector<std::string> regionIds;  // in port-plan order (a running set's regions first)
    int offset = 0;
    std::string bindAddress = "127.0.0.1";  // `up --bind`: what the nodes and NATS servers listen on
    std::string externalNatsUrl;            // empty: a local nats-server of the plan
    int natsServers = 1;                    // > 1: a local JetStream cluster of that many servers
    std::filesystem::path natsBinary;
    std::filesystem::path nodeBinary;
    // The chaos link proxy (`up --wan`): every node connects to its own link of the proxy, which forwards
    // to NATS with the shaping given here (canonical --wan/--wan-jitter/--wan-rate values).
    bool withChaos = false;
    std::filesystem::path chaosBinary;  // the mmoctl that runs `chaos serve`
    std::string wan;
    std::string wanJitter;
    std::string wanRate;
};

struct SetPlan {
    SetState state;                      // every record, pids 0
    std::vector<PlannedConfig> configs;  // one per region, same order
};

// Paths: <state>/configs/config-<id>.yml, <state>/data/<id>, <state>/logs/<name>.log, <state>/nats (one
// server) or <state>/nats-<i> (server i of a cluster, in state.natsPeers from i = 1). With withChaos,
// state.chaos holds the proxy (control port 9222, region i's link 5222+i, plus the offset).
SetPlan makeSetPlan(const SetPlanInput& input);

// How to start nats-server for the plan: -js on `bind` (-a; monitoring too) with its client and monitoring
// ports.
LaunchSpec natsLaunch(const NatsRecord& nats, bool detached, const std::string& bind = "127.0.0.1");

// How to start server `server` of a local JetStream cluster: as above plus -n <name>, --cluster_name
// mmo, --cluster nats://<bind>:<route port> and --routes to every other server of `cluster` (on
// 127.0.0.1, which reaches a server bound to 127.0.0.1 or to every address).
LaunchSpec natsClusterLaunch(const NatsRecord& server, const std::vector<const NatsRecord*>& cluster,
                             bool detached, const std::string& bind = "127.0.0.1");

// How to start the chaos proxy: <mmoctl> chaos serve --control-port P --token-file <tokenFile> --listen
// R=127.0.0.1:P ... --upstream R=HOST:PORT ... --wan ... --wan-jitter ... --wan-rate ...
LaunchSpec chaosLaunch(const ChaosRecord& chaos, bool detached, const std::filesystem::path& tokenFile);

// How to start a node: --config <file>, with GAME_* variables that would override the plan removed.
LaunchSpec nodeLaunch(const RegionRecord& region, bool detached);

// Every planned port of the processes to start that is taken on this host, as
// "eu-west-1 rest_port 8088 is in use". Empty when all are free. chaosToStart: the proxy's ports too.
std::vector<std::string> findBusyPorts(const SetPlanInput& input, const std::vector<std::string>& natsToStart,
                                       const std::vector<std::string>& regionsToStart,
                                       bool chaosToStart = false);

// Creates the configs, data, logs and NATS store dirs and writes the configs of `regions` (atomically; a
// differing file is kept as <file>.prev). Returns one line per config written.
std::vector<std::string> prepareSetFiles(const SetPlan& plan, const std::vector<std::string>& regions);

}  // namespace mmo::cli
