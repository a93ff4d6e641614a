#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// The port plan of DESIGN.md section 2: region i gets TCP 7777+2i, UDP 7778+2i, REST 8088+i,
// metrics 2112+i; NATS keeps 4222 (client) and 8222 (monitoring); an offset shifts them all.
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
};

inline constexpr int kBaseTcpPort = 7777;
inline constexpr int kBaseRestPort = 8088;
inline constexpr int kBaseMetricsPort = 2112;
inline constexpr int kNatsClientPort = 4222;
inline constexpr int kNatsMonitoringPort = 8222;
inline constexpr int kMaxAutoOffset = 20000;

// Ports of the region at 0-based position index, shifted by offset.
RegionPorts portsForRegion(int index, int offset = 0);

// NATS ports shifted by offset.
NatsPorts natsPorts(int offset = 0);

// Every port a set of `regions` regions (plus NATS when withNats) uses, with its owner.
std::vector<PortUse> plannedPorts(const std::vector<std::string>& regions, int offset, bool withNats);

// Pairs of uses that share a protocol and a port number, as "A and B both use tcp 8088".
std::vector<std::string> findCollisions(const std::vector<PortUse>& uses);

// A port outside 1..65535, as a message naming its owner; nullopt when every port is valid.
std::optional<std::string> findOutOfRange(const std::vector<PortUse>& uses);

using PortProbe = std::function<bool(Protocol, int port)>;  // true when the port is free

// The first offset (0, 1, 2, ... up to maxOffset) at which every planned port is in range and free.
std::optional<int> findFreeOffset(const std::vector<std::string>& regions, bool withNats,
                                  const PortProbe& isFree, int maxOffset = kMaxAutoOffset);

// Probes the real machine: binds 0.0.0.0:port with the protocol and releases it.
bool isPortFreeOnHost(Protocol protocol, int port);

}  // namespace mmo::regions
