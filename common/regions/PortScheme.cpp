#include "common/regions/PortScheme.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace mmo::regions {

RegionPorts portsForRegion(int index, int offset) {
    return RegionPorts{kBaseTcpPort + 2 * index + offset, kBaseTcpPort + 1 + 2 * index + offset,
                       kBaseRestPort + index + offset, kBaseMetricsPort + index + offset};
}

NatsPorts natsPorts(int offset, int server) {
    return NatsPorts{kNatsClientPort + server + offset, kNatsMonitoringPort + server + offset,
                     kNatsClusterPort + server + offset, kNatsGatewayPort + server + offset};
}

int chaosLinkPort(int index, int offset) {
    return kChaosLinkPort + index + offset;
}

int chaosControlPort(int offset) {
    return kChaosControlPort + offset;
}

std::vector<PortUse> plannedPorts(const std::vector<std::string>& regions, int offset, bool withNats,
                                  int natsServers, bool withChaos) {
    std::vector<PortUse> uses;
    if (withNats && natsServers <= 1) {
        const auto nats = natsPorts(offset);
        uses.push_back({"nats client", Protocol::Tcp, nats.client});
        uses.push_back({"nats monitoring", Protocol::Tcp, nats.monitoring});
    }
    if (withNats && natsServers > 1)
        for (int i = 0; i < natsServers; ++i) {
            const auto nats = natsPorts(offset, i);
            const auto name = "nats-" + std::to_string(i);
            uses.push_back({name + " client", Protocol::Tcp, nats.client});
            uses.push_back({name + " monitoring", Protocol::Tcp, nats.monitoring});
            uses.push_back({name + " cluster", Protocol::Tcp, nats.cluster});
        }
    for (std::size_t i = 0; i < regions.size(); ++i) {
        const auto p = portsForRegion(static_cast<int>(i), offset);
        const auto& r = regions[i];
        uses.push_back({r + " tcp_port", Protocol::Tcp, p.tcp});
        uses.push_back({r + " udp_port", Protocol::Udp, p.udp});
        uses.push_back({r + " rest_port", Protocol::Tcp, p.rest});
        uses.push_back({r + " metrics_port", Protocol::Tcp, p.metrics});
    }
    if (withChaos) {
        uses.push_back({"chaos control", Protocol::Tcp, chaosControlPort(offset)});
        for (std::size_t i = 0; i < regions.size(); ++i)
            uses.push_back(
                {"chaos link " + regions[i], Protocol::Tcp, chaosLinkPort(static_cast<int>(i), offset)});
    }
    return uses;
}

std::vector<std::string> findCollisions(const std::vector<PortUse>& uses) {
    std::vector<std::string> collisions;
    for (std::size_t i = 0; i < uses.size(); ++i)
        for (std::size_t j = i + 1; j < uses.size(); ++j)
            if (uses[i].port == uses[j].port && uses[i].protocol == uses[j].protocol && uses[i].port != 0)
                collisions.push_back(uses[i].owner + " and " + uses[j].owner + " both use " +
                                     (uses[i].protocol == Protocol::Tcp ? "tcp " : "udp ") +
                                     std::to_string(uses[i].port));
    return collisions;
}

std::optional<std::string> findOutOfRange(const std::vector<PortUse>& uses) {
    for (const auto& use : uses)
        if (use.port < 1 || use.port > 65535)
            return use.owner + " would be port " + std::to_string(use.port) + ", outside 1..65535";
    return std::nullopt;
}

std::optional<int> findFreeOffset(const std::vector<std::string>& regions, bool withNats,
                                  const PortProbe& isFree, int maxOffset, int natsServers, bool withChaos) {
    for (int offset = 0; offset <= maxOffset; ++offset) {
        const auto uses = plannedPorts(regions, offset, withNats, natsServers, withChaos);
        if (findOutOfRange(uses)) return std::nullopt;  // larger offsets only go further out
        bool allFree = true;
        for (const auto& use : uses)
            if (!isFree(use.protocol, use.port)) {
                allFree = false;
                break;
            }
        if (allFree) return offset;
    }
    return std::nullopt;
}

bool isPortFreeOnHost(Protocol protocol, int port) {
    const int fd = ::socket(AF_INET, protocol == Protocol::Tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
    if (fd < 0) return false;
    // SO_REUSEADDR as our TCP listeners set it, so a port lingering in TIME_WAIT counts as free.
    const int one = 1;
    if (protocol == Protocol::Tcp) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return free;
}

}  // namespace mmo::regions
