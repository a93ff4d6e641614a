#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/chaos/LinkShape.hpp"
#include "cli/chaos/ProxyConnection.hpp"
#include "cli/chaos/WanSpec.hpp"

namespace mmo::cli::chaos {

// One region link of the proxy: where it listens and where it forwards to.
struct ProxyLinkConfig {
    std::string region;  // a full region id
    std::string listenHost = "127.0.0.1";
    std::uint16_t listenPort = 0;        // 0: the OS picks (announced on stdout)
    std::vector<std::string> upstreams;  // "host:port", tried in order for every new connection
    LinkShape shape;
};

// Everything `mmoctl chaos serve` runs.
struct ProxyConfig {
    std::vector<ProxyLinkConfig> links;  // in the order given
    std::uint16_t controlPort = 0;       // on 127.0.0.1; 0: the OS picks
    ConnectionSettings connection;
    std::size_t maxConnections = 256;  // per link
    std::uint64_t seed = 0;            // of the jitter draws
    std::string controlToken;          // what the control API requires (ControlToken.hpp)
};

// The flags of `mmoctl chaos serve`, as given.
struct ServeFlags {
    std::vector<std::string> listen;    // REGION=[HOST:]PORT
    std::vector<std::string> upstream;  // HOST:PORT (every link) or REGION=HOST:PORT; repeat for fallbacks
    WanFlags wan;
    int controlPort = 0;
    std::string queueLimit = "4MiB";
    int maxConnections = 256;
    std::string tokenFile;  // the control token's file (created when missing); empty: a private temp file
};

// Builds the config from the flags. Throws CommandError (exit 2) naming the flag and the bad item: no
// --listen, a bad region or port, a region listed twice, a link without an upstream, bad shapes.
ProxyConfig buildProxyConfig(const ServeFlags& flags);

// Splits "host:port" ("[::1]:4222" for IPv6); throws std::invalid_argument when it is not one.
std::pair<std::string, std::uint16_t> splitHostPort(const std::string& text);

}  // namespace mmo::cli::chaos
