#include "tests/multihost/GeneratedHosts.hpp"

#include <signal.h>

#include <boost/json.hpp>
#include <sstream>
#include <stdexcept>

#include "common/prometheus/TextParser.hpp"
#include "tests/cli/cluster/ClusterProbe.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test::multihost {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const std::vector<std::pair<std::string, std::string>> kRegions{
    {"eu", "eu-west-1"}, {"us", "us-east-1"}, {"ap", "ap-south-1"}};

std::string ipBinary() {
    for (const char* candidate : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"})
        if (fs::exists(candidate)) return candidate;
    throw std::runtime_error("the `ip` command is not installed");
}

std::string lastLines(const std::string& text, std::size_t lines) {
    std::size_t pos = text.size();
    for (std::size_t n = 0; n <= lines && pos != std::string::npos && pos > 0; ++n)
        pos = text.rfind('\n', pos - 1);
    return pos == std::string::npos ? text : text.substr(pos + 1);
}

// cluster.leader of `stream` in /jsz?streams=true ("" when this server holds no replica of it).
std::string streamLeaderOn(std::uint16_t monitorPort, const std::string& stream) {
    boost::system::error_code ec;
    const auto jsz = json::parse(httpGet(monitorPort, "/jsz?streams=true").body, ec);
    if (ec || !jsz.is_object()) return {};
    const auto* accounts = jsz.get_object().if_contains("account_details");
    if (!accounts || !accounts->is_array()) return {};
    for (const auto& account : accounts->get_array()) {
        const auto* streams = account.get_object().if_contains("stream_detail");
        if (!streams || !streams->is_array()) continue;
        for (const auto& s : streams->get_array()) {
            const auto& o = s.get_object();
            if (o.at("name").as_string() != stream) continue;
            const auto* cluster = o.if_contains("cluster");
            if (!cluster || !cluster->is_object()) continue;
            if (const auto* leader = cluster->get_object().if_contains("leader");
                leader && leader->is_string())
                return std::string(leader->get_string());
        }
    }
    return {};
}

}  // namespace

GeneratedHosts::GeneratedHosts(TestNetwork& network, const std::string& topology)
    : network_(network), dir_("mmo-multihost"), deploy_(dir_.path() / "deploy"), logs_(dir_.path() / "logs") {
    fs::create_directories(logs_);
    std::string hosts;
    for (std::size_t i = 0; i < kRegions.size(); ++i) {
        const auto& [host, id] = kRegions[i];
        const auto offset = static_cast<std::uint16_t>(i);
        regions_.push_back(
            {host, id, static_cast<std::uint16_t>(8088 + offset), static_cast<std::uint16_t>(2112 + offset),
             static_cast<std::uint16_t>(8222 + offset), static_cast<std::uint16_t>(4222 + offset)});
        hosts += (hosts.empty() ? "" : ",") + host + "=" + network_.address(host);
    }
    const auto var = dir_.path() / "var";
    // The generator's own flags put every path under this test's directory and name the build's binaries.
    netns::runOrThrow({(fs::path(MMO_BIN_DIR) / "mmoctl").string(), "config", "generate",
                       "--regions=eu,us,ap", "--hosts=" + hosts, topology, "--out=" + deploy_.string(),
                       "--etc-dir=" + deploy_.string(), "--var-dir=" + var.string(),
                       "--prefix=" + fs::path(MMO_BIN_DIR).parent_path().string(),
                       "--nats-bin=" + natsServerBinary().string()});
    // What systemd's StateDirectory= would create on each host (the units' data dirs).
    fs::create_directories(var);
}

GeneratedHosts::~GeneratedHosts() {
    nodes_.clear();  // SIGKILL and reap, before the network's teardown kills whatever is left
    servers_.clear();
}

std::vector<std::string> GeneratedHosts::execStart(const std::string& unitFile,
                                                   const std::string& instance) const {
    std::istringstream unit(readFile(deploy_ / unitFile));
    for (std::string line; std::getline(unit, line);) {
        if (line.rfind("ExecStart=", 0) != 0) continue;
        std::istringstream words(line.substr(10));
        std::vector<std::string> command;
        for (std::string word; words >> word;) {
            for (auto at = word.find("%i"); at != std::string::npos; at = word.find("%i"))
                word.replace(at, 2, instance);
            command.push_back(word);
        }
        return command;
    }
    throw std::runtime_error("no ExecStart= in " + (deploy_ / unitFile).string());
}

std::unique_ptr<ChildProcess> GeneratedHosts::startOnHost(const Region& region,
                                                          std::vector<std::string> command,
                                                          const std::string& name,
                                                          const ChildEnvironment& env) {
    auto args = network_.host(region.host).execPrefix();
    args.insert(args.end(), command.begin(), command.end());
    const auto launch = ++launches_[name];
    return std::make_unique<ChildProcess>(
        ipBinary(), args, env, logs_, name + (launch > 1 ? "-" + std::to_string(launch) : ""), dir_.path());
}

bool GeneratedHosts::serverReady(const Region& region) {
    bool ready = false;
    network_.host(region.host).run([&] { ready = natsClusterReady(region.natsMonitor); });
    return ready;
}

bool GeneratedHosts::startServers(std::chrono::milliseconds timeout, std::string& why) {
    for (const auto& region : regions_)
        servers_[region.id] =
            startOnHost(region, execStart("nats-server-" + region.id + ".service", region.id),
                        "nats-" + region.id, ChildEnvironment::inherited());
    for (const auto& region : regions_) {
        auto& server = *servers_[region.id];
        if (waitUntil([&] { return serverReady(region) || !server.running(); }, timeout) && server.running())
            continue;
        why = region.id + "'s nats-server is not ready:\n" + lastLines(server.stderrText(), 30);
        return false;
    }
    return true;
}

bool GeneratedHosts::startNodes(std::chrono::milliseconds timeout,
                                const std::map<std::string, std::string>& nodeEnv, std::string& why) {
    auto env = ChildEnvironment::inherited();
    for (const auto& [name, value] : nodeEnv) env.set(name, value);
    for (const auto& region : regions_) {  // in order: eu's node creates the stream
        nodes_[region.id] = startOnHost(region, execStart("mmo-node@.service", region.id), region.id, env);
        auto& node = *nodes_[region.id];
        const auto ready = [&] {
            int status = 0;
            network_.host(region.host).run([&] { status = httpGet(region.rest, "/readyz").status; });
            return status == 200 || !node.running();
        };
        if (waitUntil(ready, timeout) && node.running()) continue;
        why = region.id + "'s node is not ready:\n" + lastLines(node.stderrText(), 30);
        return false;
    }
    return true;
}

bool GeneratedHosts::killServer(const Region& region) {
    auto& server = *servers_.at(region.id);
    server.sendSignal(SIGKILL);
    return server.waitExit(10s).has_value();
}

bool GeneratedHosts::restartServer(const Region& region, std::chrono::milliseconds timeout) {
    servers_[region.id] = startOnHost(region, execStart("nats-server-" + region.id + ".service", region.id),
                                      "nats-" + region.id, ChildEnvironment::inherited());
    auto& server = *servers_[region.id];
    return waitUntil([&] { return serverReady(region) || !server.running(); }, timeout) && server.running();
}

const Region* GeneratedHosts::streamLeader() {
    for (const auto& region : regions_) {
        if (!servers_.at(region.id)->running()) continue;
        std::string leader;
        network_.host(region.host).run([&] { leader = streamLeaderOn(region.natsMonitor, "GLOBAL_EVENTS"); });
        for (const auto& candidate : regions_)
            if (!leader.empty() && leader == "nats-" + candidate.id) return &candidate;
    }
    return nullptr;
}

std::vector<AckedChange> GeneratedHosts::sendChanges(const Region& region, int row, int first, int count) {
    static const char* const kTypes[] = {"stone", "dirt", "grass", "sand", "wood"};
    std::vector<AckedChange> acked;
    network_.host(region.host).run([&] {
        const auto token = adminToken(region.rest);
        for (int x = first; x < first + count; ++x) {
            const std::string type = kTypes[x % 5];
            const auto body = R"({"event_type":"BlockEvent","data":{"x":)" + std::to_string(x) + R"(,"y":)" +
                              std::to_string(row) + R"(,"block_type":")" + type + R"("}})";
            if (httpPost(region.rest, "/api/admin/events/send", body, {{"Authorization", "Bearer " + token}})
                    .status == 202)
                acked.push_back({x, row, type});
        }
    });
    return acked;
}

std::string GeneratedHosts::blockType(const Region& region, int x, int y) {
    std::string type;
    network_.host(region.host).run([&] { type = blockTypeAt(region.rest, x, y); });
    return type;
}

double GeneratedHosts::metric(const Region& region, const std::string& name,
                              const std::map<std::string, std::string>& labels) {
    double value = -1;
    network_.host(region.host).run([&] {
        const auto r = httpGet(region.metrics, "/metrics");
        if (r.status == 200) value = prometheus::parseText(r.body).find(name, labels).value_or(-1);
    });
    return value;
}

std::string GeneratedHosts::natsServer(const Region& region) {
    std::string server;
    network_.host(region.host).run([&] {
        boost::system::error_code ec;
        const auto body = json::parse(httpGet(region.rest, "/api/sync/status").body, ec);
        const auto* nats = !ec && body.is_object() ? body.get_object().if_contains("nats") : nullptr;
        const auto* name = nats && nats->is_object() ? nats->get_object().if_contains("server") : nullptr;
        if (name && name->is_string()) server = std::string(name->get_string());
    });
    return server;
}

std::pair<int, std::string> GeneratedHosts::verifySync(const Region& from, const std::string& timeout) {
    std::string urls;
    for (const auto& region : regions_)
        urls += (urls.empty() ? "" : ",") +
                ("http://" + network_.address(region.host) + ":" + std::to_string(region.rest));
    auto child = startOnHost(from,
                             {(fs::path(MMO_BIN_DIR) / "mmoctl").string(), "verify-sync", "--nodes=" + urls,
                              "--timeout=" + timeout},
                             "verify-sync", ChildEnvironment::inherited());
    const auto code = child->waitExit(120s);
    return {code.value_or(-1), child->stdoutText() + child->stderrText()};
}

std::string GeneratedHosts::logs() const {
    std::string out;
    for (const auto& [id, server] : servers_)
        out += "--- nats-server " + id + "\n" + lastLines(server->stderrText(), 25);
    for (const auto& [id, node] : nodes_) out += "--- node " + id + "\n" + lastLines(node->stderrText(), 40);
    return out;
}

}  // namespace mmo::test::multihost
