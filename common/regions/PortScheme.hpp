#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// The port plan (docs/operations.md, ports): region i gets TCP 7777+2i, UDP 7778+2i, REST 8088+i,
// metrics 2112+i; NATS keeps 4222 (client) and 8222 (monitoring); an offset shifts them all. NATS server
// i of a JetStream cluster gets client 4222+i, monitoring 8222+i, cluster routes 6222+i and (in a
// supercluster) gateway 7222+i, so server 0 keeps the single server's ports. A set run through the chaos
// link proxy (`mmoctl up --wan`) adds one proxy listener per region, 5222+i, and the proxy's control
// port 9222.
namespace mmo::regions {

enum class Protocol { Tcp, Udp };

struct PortUse {
    std::string owner;  // "eu-west-1 rest_port", "nats client"
    Protocol protocol;
    int port;
};

struct RegionPorts {
    int tcp;
    int udp;
    int rest;
    int metrics;
};

struct NatsPorts {
    int client;
    int monitoring;
    int cluster;  // route port, used only when the server is one of a JetStream cluster
    int gateway;  // gateway port, used only in a supercluster
};

inline constexpr int kBaseTcpPort = 7777;
inline constexpr int kBaseRestPort = 8088;
inline constexpr int kBaseMetricsPort = 2112;
inline constexpr int kNatsClientPort = 4222;
inline constexpr int kNatsMonitoringPort = 8222;
inline constexpr int kNatsClusterPort = 6222;
inline constexpr int kNatsGatewayPort = 7222;
inline constexpr int kChaosLinkPort = 5222;
inline constexpr int kChaosControlPort = 9222;
inline constexpr int kMaxNatsServers = 9;
inline constexpr int kMaxAutoOffset = 20000;

// Ports of the region at 0-based position index, shifted by offset.
RegionPorts portsForRegion(int index, int offset = 0);

// Ports of NATS server `server` (0-based) shifted by offset.
NatsPorts natsPorts(int offset = 0, int server = 0);

// The chaos proxy's listener for the region at 0-based position index (its node's NATS URL), shifted.
int chaosLinkPort(int index, int offset = 0);

// The chaos proxy's control (HTTP) port, shifted.
int chaosControlPort(int offset = 0);

// Every port a set of `regions` regions (plus NATS when withNats) uses, with its owner. natsServers > 1:
// a local JetStream cluster of that many servers, each with its client, monitoring and cluster port
// (owners "nats-0 client", "nats-1 cluster", ...); 1: one server ("nats client", "nats monitoring").
// withChaos adds the chaos proxy's ports ("chaos control", "chaos link eu-west-1").
std::vector<PortUse> plannedPorts(const std::vector<std::string>& regions, int offset, bool withNats,
                                  int natsServers = 1, bool withChaos = false);

// Pairs of uses that share a protocol and a port number, as "A and B both use tcp 8088".
std::vector<std::string> findCollisions(const std::vector<PortUse>& uses);

// A port outside 1..65535, as a message naming its owner; nullopt when every port is valid.
std::optional<std::string> findOutOfRange(const std::vector<PortUse>& uses);

using PortProbe = std::function<bool(Protocol, int port)>;  // true when the port is free

// The first offset (0, 1, 2, ... up to maxOffset) at which every planned port is in range and free.
std::optional<int> findFreeOffset(const std::vector<std::string>& regions, bool withNats,
                                  const PortProbe& isFree, int maxOffset = kMaxAutoOffset,
                                  int natsServers = 1, bool withChaos = false);

// Probes the real machine: binds 0.0.0.0:port with the protocol and releases it.
bool isPortFreeOnHost(Protocol protocol, int port);

}  // namespace mmo::regions
