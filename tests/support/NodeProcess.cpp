#include "tests/support/NodeProcess.hpp"

#include <regex>
#include <stdexcept>

#include "tests/support/HttpClient.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {

namespace {

std::optional<std::uint16_t> lastPort(const std::string& log, const std::regex& pattern) {
    std::optional<std::uint16_t> port;
    for (std::sregex_iterator it(log.begin(), log.end(), pattern), end; it != end; ++it)
        port = static_cast<std::uint16_t>(std::stoi((*it)[1].str()));
    return port;
}

}  // namespace

std::optional<NodePorts> parseBoundPorts(const std::string& log) {
    static const std::regex game(R"(Game server listening on tcp \S+:(\d+), udp \S+:\d+)");
    static const std::regex udp(R"(Game server listening on tcp \S+:\d+, udp \S+:(\d+))");
    static const std::regex rest(R"(REST API listening on \S+:(\d+))");
    static const std::regex metrics(R"(Prometheus metrics on \S+:(\d+)/metrics)");
    const auto tcpPort = lastPort(log, game);
    const auto udpPort = lastPort(log, udp);
    const auto restPort = lastPort(log, rest);
    const auto metricsPort = lastPort(log, metrics);
    if (!tcpPort || !udpPort || !restPort || !metricsPort) return std::nullopt;
    return NodePorts{*tcpPort, *udpPort, *restPort, *metricsPort};
}

ChildEnvironment nodeEnvironment() {
    auto env = ChildEnvironment::inherited();
    env.set("GAME_TCP_PORT", "0")
        .set("GAME_UDP_PORT", "0")
        .set("GAME_REST_PORT", "0")
        .set("GAME_METRICS_PORT", "0")
        // Nothing listens on port 1: a test that wants NATS starts its own and sets the URL.
        .set("GAME_EVENTBUS_URL", "nats://127.0.0.1:1");
    return env;
}

NodeProcess::NodeProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
                         const ChildEnvironment& environment, const std::filesystem::path& outputDir,
                         const std::string& name)
    : child_(binary, args, environment, outputDir, name, outputDir) {}

bool NodeProcess::waitReady(std::chrono::milliseconds timeout) {
    std::optional<NodePorts> found;
    waitUntil(
        [&] {
            found = parseBoundPorts(child_.stderrText());
            return found.has_value() || !child_.running();
        },
        timeout);
    if (!found) found = parseBoundPorts(child_.stderrText());
    if (found) ports_ = *found;
    return found.has_value();
}

std::unique_ptr<NodeProcess> startRegionNode(const std::filesystem::path& dir, const std::string& natsUrl,
                                             const std::string& region,
                                             const std::map<std::string, std::string>& extraEnv) {
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_URL", natsUrl)
        .set("GAME_SYNC_REGION_ID", region)
        .set("GAME_SYNC_FLUSH_EVERY_SECONDS", "0.1")
        .set("GAME_STORAGE_DATA_DIR", (dir / ("data-" + region)).string());
    for (const auto& [name, value] : extraEnv) env.set(name, value);
    auto node = std::make_unique<NodeProcess>(std::filesystem::path(MMO_BIN_DIR) / "mmo-node",
                                              std::vector<std::string>{}, env, dir, region);
    const bool ready =
        node->waitReady() && waitUntil([&] { return httpGet(node->ports().rest, "/readyz").status == 200; },
                                       std::chrono::seconds(20));
    if (!ready) throw std::runtime_error("node " + region + " did not become ready:\n" + node->log());
    return node;
}

}  // namespace mmo::test
