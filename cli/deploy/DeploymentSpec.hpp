#pragma once

#include <string>
#include <vector>

#include "cli/monitoring/MonitoringSettings.hpp"
#include "common/regions/PortScheme.hpp"

// What `mmoctl config generate --hosts ...` describes: one host per region (hosts may repeat), a NATS
// server next to every region's node, and how those servers are joined.
namespace mmo::cli::deploy {

enum class NatsTopology {
    Cluster,       // one JetStream cluster "mmo" across the hosts, routes between all; stream R min(3, N)
    Supercluster,  // a one-server cluster per region, named after it, joined by gateways; stream R1
};

struct DeploymentSpec {
    std::vector<std::string> regionIds;  // in port-plan order
    std::vector<std::string> hosts;      // hosts[i] runs regionIds[i] and its NATS server
    NatsTopology topology = NatsTopology::Cluster;
    int offset = 0;                     // shifts every port, as for a local set
    std::string prefix = "/usr/local";  // mmo-node is <prefix>/bin/mmo-node
    std::string natsBin = "/usr/sbin/nats-server";
    std::string etcDir = "/etc/mmo";      // where the configs go on the hosts
    std::string varDir = "/var/lib/mmo";  // node data <varDir>/<region>, NATS store <varDir>/nats-<region>
    std::string user = "mmo";             // the services run as this user and its group
    std::string command;                  // the mmoctl command line, for the README
    monitoring::MonitoringSettings
        monitoring;  // prometheus.yml and mmo-rules.yml (--scrape-interval, --alert-*)

    // Server i's name: nats-<region>, unique across the supercluster.
    std::string serverName(std::size_t i) const { return "nats-" + regionIds[i]; }
    // Region i's NATS ports: the port plan's server i (client 4222+i, ...), so hosts may be shared.
    regions::NatsPorts natsPorts(std::size_t i) const {
        return regions::natsPorts(offset, static_cast<int>(i));
    }
    regions::RegionPorts nodePorts(std::size_t i) const {
        return regions::portsForRegion(static_cast<int>(i), offset);
    }
    // Replicas of the stream: min(3, N) in one cluster; 1 in a supercluster (a stream lives in one
    // cluster, and each region's cluster has one server).
    int replicas() const {
        const int n = static_cast<int>(regionIds.size());
        return topology == NatsTopology::Cluster ? (n < 3 ? n : 3) : 1;
    }
    std::string nodeBinary() const { return prefix + "/bin/mmo-node"; }
    std::string nodeConfigPath(std::size_t i) const { return etcDir + "/config-" + regionIds[i] + ".yml"; }
    std::string natsConfigPath(std::size_t i) const { return etcDir + "/" + serverName(i) + ".conf"; }
};

}  // namespace mmo::cli::deploy
