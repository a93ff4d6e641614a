#include "cli/admin/NodeTarget.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "cli/ExitCode.hpp"
#include "common/http/HttpClient.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace json = boost::json;

namespace {

[[noreturn]] void notANode(const NodeTarget& target, const std::string& why) {
    throw CommandError{
        kUsageError,
        fmt::format("{} is not an mmo-node REST API (GET /api/status {}); --nodes takes each "
                    "node's REST base URL (server.rest_port, 8088 for the guide's first region), "
                    "not its metrics or game port",
                    target.url, why)};
}

}  // namespace

std::string NodeTarget::label() const {
    if (url.empty()) return region;
    if (region.empty()) return url;
    return region + " (" + url + ")";
}

NodeTarget targetOf(const RegionRecord& region) {
    NodeTarget target;
    target.region = region.process.name;
    target.restPort = region.restPort;
    target.metricsPort = region.metricsPort;
    target.configFile = region.configFile;
    return target;
}

std::vector<NodeTarget> targetsOf(const SetState& state) {
    std::vector<NodeTarget> targets;
    for (const auto& region : state.regions) targets.push_back(targetOf(region));
    return targets;
}

NodeTarget undiscovered(const NodeUrl& url) {
    NodeTarget target;
    target.host = url.host;
    target.restPort = url.port;
    target.url = url.text;
    return target;
}

void discover(NodeTarget& target, std::chrono::milliseconds timeout) {
    http_client::HttpRequestOptions options;
    options.timeout = timeout;
    const auto response =
        http_client::get(target.host, static_cast<std::uint16_t>(target.restPort), "/api/status", options);
    if (response.status != 200) notANode(target, fmt::format("answered HTTP {}", response.status));
    boost::system::error_code ec;
    const auto value = json::parse(response.body, ec);
    const auto* object = ec ? nullptr : value.if_object();
    const auto* region = object ? object->if_contains("region") : nullptr;
    const auto* ports = object ? object->if_contains("ports") : nullptr;
    const auto* metrics = ports && ports->is_object() ? ports->get_object().if_contains("metrics") : nullptr;
    if (!region || !region->is_string() || !metrics || !metrics->is_int64() || metrics->get_int64() < 1 ||
        metrics->get_int64() > 65535)
        notANode(target, "answered without \"region\" and \"ports.metrics\"");
    target.region = std::string(region->get_string());
    target.metricsPort = static_cast<int>(metrics->get_int64());
}

std::vector<NodeTarget> discoverAll(const std::vector<NodeUrl>& urls, std::chrono::milliseconds timeout) {
    std::vector<NodeTarget> targets;
    for (const auto& url : urls) {
        auto target = undiscovered(url);
        try {
            discover(target, timeout);
        } catch (const http_client::HttpClientError& e) {
            throw CommandError{
                kEnvironmentError,
                fmt::format("node {} unreachable: {}; check the URL (the node's REST base URL, "
                            "server.rest_port) and that the node runs and is reachable from here",
                            url.text, e.what())};
        }
        targets.push_back(std::move(target));
    }
    requireDistinctRegions(targets);
    return targets;
}

const NodeTarget& pickNode(const std::vector<NodeTarget>& nodes, const std::string& name,
                           const std::string& where) {
    if (name.empty()) return nodes.front();
    const auto id = regions::expandAlias(name);
    for (const auto& node : nodes)
        if (node.region == id) return node;
    std::string names;
    for (const auto& node : nodes) names += (names.empty() ? "" : ", ") + node.label();
    throw CommandError{kUsageError, "--region " + name + ": " + where + " " + names};
}

void requireDistinctRegions(const std::vector<NodeTarget>& targets) {
    for (std::size_t i = 0; i < targets.size(); ++i)
        for (std::size_t j = i + 1; j < targets.size(); ++j)
            if (!targets[i].region.empty() && targets[i].region == targets[j].region)
                throw CommandError{
                    kUsageError, fmt::format("--nodes: {} and {} are both region {}; list each region's node "
                                             "once",
                                             targets[i].url, targets[j].url, targets[i].region)};
}

}  // namespace mmo::cli
