#include "cli/chaos/ProxyConfig.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "cli/ExitCode.hpp"
#include "cli/chaos/RateText.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::chaos {

namespace {

constexpr const char* kListenExample = "--listen eu=0,us=0 (or eu=127.0.0.1:5222)";
constexpr const char* kUpstreamExample = "--upstream 127.0.0.1:4222 or --upstream eu=127.0.0.1:4222";

CommandError usage(const std::string& flag, const std::string& item, const std::string& why,
                   const char* example) {
    return CommandError{kUsageError, flag + ": \"" + item + "\": " + why + "; example: " + example};
}

std::uint16_t parsePort(const std::string& text) {
    std::size_t used = 0;
    int port = -1;
    try {
        port = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || port < 0 || port > 65535)
        throw std::invalid_argument("expected a port from 0 to 65535, got \"" + text + "\"");
    return static_cast<std::uint16_t>(port);
}

std::string regionOf(const std::string& name, const std::string& flag, const std::string& item,
                     const char* example) {
    const auto id = regions::expandAlias(name);
    if (!regions::isValidRegionId(id))
        throw usage(flag, item,
                    "\"" + name + "\" is not a region (an alias such as eu, or an id like eu-west-1)",
                    example);
    return id;
}

}  // namespace

std::pair<std::string, std::uint16_t> splitHostPort(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) throw std::invalid_argument("expected HOST:PORT");
    auto host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const auto port = parsePort(text.substr(colon + 1));
    if (port == 0) throw std::invalid_argument("an upstream needs a real port, not 0");
    return {host, port};
}

ProxyConfig buildProxyConfig(const ServeFlags& flags) {
    ProxyConfig config;
    if (flags.listen.empty())
        throw CommandError{kUsageError,
                           std::string("--listen: give at least one link; example: ") + kListenExample};
    std::vector<std::string> ids;
    for (const auto& item : flags.listen) {
        const auto equals = item.find('=');
        if (equals == std::string::npos)
            throw usage("--listen", item, "expected REGION=[HOST:]PORT", kListenExample);
        ProxyLinkConfig link;
        link.region = regionOf(item.substr(0, equals), "--listen", item, kListenExample);
        const auto where = item.substr(equals + 1);
        try {
            const auto colon = where.rfind(':');
            if (colon == std::string::npos) {
                link.listenPort = parsePort(where);
            } else {
                link.listenHost = where.substr(0, colon);
                link.listenPort = parsePort(where.substr(colon + 1));
            }
        } catch (const std::invalid_argument& e) {
            throw usage("--listen", item, e.what(), kListenExample);
        }
        if (std::find(ids.begin(), ids.end(), link.region) != ids.end())
            throw usage("--listen", item, "region " + link.region + " is listed twice", kListenExample);
        ids.push_back(link.region);
        config.links.push_back(std::move(link));
    }
    std::vector<std::string> everyLink;
    std::map<std::string, std::vector<std::string>> perLink;
    for (const auto& item : flags.upstream) {
        const auto equals = item.find('=');
        const auto address = equals == std::string::npos ? item : item.substr(equals + 1);
        try {
            splitHostPort(address);
        } catch (const std::invalid_argument& e) {
            throw usage("--upstream", item, e.what(), kUpstreamExample);
        }
        if (equals == std::string::npos) {
            everyLink.push_back(address);
            continue;
        }
        const auto id = regionOf(item.substr(0, equals), "--upstream", item, kUpstreamExample);
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            throw usage("--upstream", item, "region " + id + " has no --listen", kUpstreamExample);
        perLink[id].push_back(address);
    }
    const auto shapes = resolveShapes(flags.wan, ids);
    for (auto& link : config.links) {
        link.upstreams = perLink.count(link.region) ? perLink[link.region] : everyLink;
        if (link.upstreams.empty())
            throw CommandError{kUsageError, "--upstream: link " + link.region +
                                                " has no upstream; example: " + kUpstreamExample};
        link.shape = shapes.at(link.region);
    }
    if (flags.controlPort < 0 || flags.controlPort > 65535)
        throw CommandError{kUsageError,
                           "--control-port: expected 0 to 65535, got " + std::to_string(flags.controlPort)};
    config.controlPort = static_cast<std::uint16_t>(flags.controlPort);
    try {
        config.connection.queueLimit = static_cast<std::size_t>(parseByteSize(flags.queueLimit));
    } catch (const std::invalid_argument& e) {
        throw CommandError{kUsageError, "--queue-limit: \"" + flags.queueLimit + "\": " + e.what()};
    }
    if (flags.maxConnections < 1)
        throw CommandError{kUsageError, "--max-connections: expected at least 1, got " +
                                            std::to_string(flags.maxConnections)};
    config.maxConnections = static_cast<std::size_t>(flags.maxConnections);
    return config;
}

}  // namespace mmo::cli::chaos
