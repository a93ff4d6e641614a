#include "cli/state/StateFile.hpp"

#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "cli/ExitCode.hpp"
#include "cli/state/PrivatePaths.hpp"
#include "cli/util/AtomicFile.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

json::object toJson(const ManagedProcess& p) {
    return {{"name", p.name}, {"pid", p.pid}, {"binary", p.binary}, {"log_file", p.logFile}};
}

json::object toJson(const RegionRecord& r) {
    return {{"process", toJson(r.process)}, {"config_file", r.configFile}, {"data_dir", r.dataDir},
            {"tcp_port", r.tcpPort},        {"udp_port", r.udpPort},       {"rest_port", r.restPort},
            {"metrics_port", r.metricsPort}};
}

json::object toJson(const NatsRecord& n) {
    return {{"process", toJson(n.process)}, {"url", n.url},
            {"client_port", n.clientPort},  {"monitor_port", n.monitorPort},
            {"store_dir", n.storeDir},      {"cluster_port", n.clusterPort}};
}

json::object toJson(const ChaosRecord& c) {
    json::array links;
    for (const auto& link : c.links) {
        json::array upstreams;
        for (const auto& u : link.upstreams) upstreams.emplace_back(u);
        links.push_back(json::object{
            {"region", link.region}, {"listen_port", link.listenPort}, {"upstreams", std::move(upstreams)}});
    }
    return {{"process", toJson(c.process)}, {"control_port", c.controlPort},
            {"links", std::move(links)},    {"wan", c.wan},
            {"wan_jitter", c.wanJitter},    {"wan_rate", c.wanRate}};
}

json::object toJson(const PrometheusRecord& p) {
    return {{"process", toJson(p.process)},
            {"port", p.port},
            {"config_file", p.configFile},
            {"rules_file", p.rulesFile},
            {"data_dir", p.dataDir}};
}

json::object toJson(const ConsoleRecord& c) {
    return {{"process", toJson(c.process)}, {"port", c.port}};
}

// Typed accessors that name the missing or mistyped key.
const json::value& field(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (!v) throw std::runtime_error(std::string("missing key \"") + key + "\"");
    return *v;
}
std::string str(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (!v.is_string()) throw std::runtime_error(std::string("key \"") + key + "\" is not a string");
    return std::string(v.get_string());
}
int integer(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (!v.is_int64() && !v.is_uint64())
        throw std::runtime_error(std::string("key \"") + key + "\" is not an integer");
    return static_cast<int>(v.to_number<std::int64_t>());
}
const json::object& obj(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (!v.is_object()) throw std::runtime_error(std::string("key \"") + key + "\" is not an object");
    return v.get_object();
}

ManagedProcess processFrom(const json::object& o) {
    return {str(o, "name"), integer(o, "pid"), str(o, "binary"), str(o, "log_file")};
}

RegionRecord regionFrom(const json::object& o) {
    RegionRecord r;
    r.process = processFrom(obj(o, "process"));
    r.configFile = str(o, "config_file");
    r.dataDir = str(o, "data_dir");
    r.tcpPort = integer(o, "tcp_port");
    r.udpPort = integer(o, "udp_port");
    r.restPort = integer(o, "rest_port");
    r.metricsPort = integer(o, "metrics_port");
    return r;
}

NatsRecord natsFrom(const json::object& o) {
    NatsRecord n;
    n.process = processFrom(obj(o, "process"));
    n.url = str(o, "url");
    n.clientPort = integer(o, "client_port");
    n.monitorPort = integer(o, "monitor_port");
    n.storeDir = str(o, "store_dir");
    if (o.contains("cluster_port")) n.clusterPort = integer(o, "cluster_port");  // absent before clusters
    return n;
}

const json::array& arr(const json::object& o, const char* key) {
    const auto& v = field(o, key);
    if (!v.is_array()) throw std::runtime_error(std::string("key \"") + key + "\" is not an array");
    return v.get_array();
}

ChaosRecord chaosFrom(const json::object& o) {
    ChaosRecord c;
    c.process = processFrom(obj(o, "process"));
    c.controlPort = integer(o, "control_port");
    for (const auto& value : arr(o, "links")) {
        if (!value.is_object()) throw std::runtime_error("an entry of \"links\" is not an object");
        const auto& l = value.get_object();
        ChaosLinkRecord link{str(l, "region"), integer(l, "listen_port"), {}};
        for (const auto& u : arr(l, "upstreams")) {
            if (!u.is_string()) throw std::runtime_error("an upstream is not a string");
            link.upstreams.emplace_back(u.get_string());
        }
        c.links.push_back(std::move(link));
    }
    c.wan = str(o, "wan");
    c.wanJitter = str(o, "wan_jitter");
    c.wanRate = str(o, "wan_rate");
    return c;
}

PrometheusRecord prometheusFrom(const json::object& o) {
    PrometheusRecord p;
    p.process = processFrom(obj(o, "process"));
    p.port = integer(o, "port");
    p.configFile = str(o, "config_file");
    p.rulesFile = str(o, "rules_file");
    p.dataDir = str(o, "data_dir");
    return p;
}

ConsoleRecord consoleFrom(const json::object& o) {
    ConsoleRecord c;
    c.process = processFrom(obj(o, "process"));
    c.port = integer(o, "port");
    return c;
}

SetState stateFrom(const json::value& root) {
    if (!root.is_object()) throw std::runtime_error("the top level is not an object");
    const auto& o = root.get_object();
    SetState s;
    s.version = integer(o, "version");
    if (s.version != 1)
        throw std::runtime_error("version " + std::to_string(s.version) + " is not supported (expected 1)");
    s.stateDir = str(o, "state_dir");
    s.portOffset = integer(o, "port_offset");
    s.supervisorPid = integer(o, "supervisor_pid");
    if (o.contains("bind")) s.bindAddress = str(o, "bind");
    s.nats = natsFrom(obj(o, "nats"));
    if (const auto* peers = o.if_contains("nats_peers")) {
        if (!peers->is_array()) throw std::runtime_error("key \"nats_peers\" is not an array");
        for (const auto& p : peers->get_array()) {
            if (!p.is_object()) throw std::runtime_error("an entry of \"nats_peers\" is not an object");
            s.natsPeers.push_back(natsFrom(p.get_object()));
        }
    }
    const auto& regions = field(o, "regions");
    if (!regions.is_array()) throw std::runtime_error("key \"regions\" is not an array");
    for (const auto& r : regions.get_array()) {
        if (!r.is_object()) throw std::runtime_error("an entry of \"regions\" is not an object");
        s.regions.push_back(regionFrom(r.get_object()));
    }
    if (o.contains("chaos")) s.chaos = chaosFrom(obj(o, "chaos"));
    if (o.contains("prometheus")) s.prometheus = prometheusFrom(obj(o, "prometheus"));
    if (o.contains("console")) s.console = consoleFrom(obj(o, "console"));
    return s;
}

}  // namespace

fs::path stateFilePath(const fs::path& stateDir) {
    return stateDir / "state.json";
}

fs::path chaosTokenPath(const fs::path& stateDir) {
    return stateDir / "chaos.token";
}

std::optional<SetState> readState(const fs::path& stateDir) {
    refuseForeignStateDir(stateDir);
    const auto path = stateFilePath(stateDir);
    const int fd = openPrivateRead(path);  // never through a symlink: state.json names pids `down` signals
    const auto malformed = [&path](const std::string& why) {
        return std::runtime_error(path.string() + " is malformed: " + why +
                                  "; stop the set's processes by hand and remove the file");
    };
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        if (errno == EISDIR) throw malformed("it is a directory");
        throw std::runtime_error("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    std::string content;
    char buffer[8192];
    for (;;) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        content.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    boost::system::error_code parseError;
    const auto document = json::parse(content, parseError);
    if (parseError) throw malformed(parseError.message());  // without Boost's source location
    try {
        return stateFrom(document);
    } catch (const std::exception& e) {
        throw malformed(e.what());
    }
}

void writeState(const SetState& state) {
    json::array regions;
    for (const auto& r : state.regions) regions.push_back(toJson(r));
    json::object root{{"version", state.version},        {"state_dir", state.stateDir},
                      {"port_offset", state.portOffset}, {"supervisor_pid", state.supervisorPid},
                      {"bind", state.bindAddress},       {"nats", toJson(state.nats)},
                      {"regions", std::move(regions)}};
    if (!state.natsPeers.empty()) {  // only for a cluster, so a single-server file reads as before
        json::array peers;
        for (const auto& p : state.natsPeers) peers.push_back(toJson(p));
        root["nats_peers"] = std::move(peers);
    }
    if (state.chaos) root["chaos"] = toJson(*state.chaos);  // only with a proxy, as for nats_peers
    if (state.prometheus) root["prometheus"] = toJson(*state.prometheus);  // only with --monitoring
    if (state.console) root["console"] = toJson(*state.console);           // only with --console
    writeFileAtomically(stateFilePath(state.stateDir), json::serialize(root) + "\n");
}

void removeState(const fs::path& stateDir) {
    std::error_code ec;
    fs::remove(stateFilePath(stateDir), ec);
    if (ec) throw std::system_error(ec, "cannot remove " + stateFilePath(stateDir).string());
}

bool processAlive(int pid) {
    if (pid <= 0) return false;
    if (::kill(pid, 0) != 0 && errno != EPERM) return false;
    // A zombie (exited, not yet reaped by its parent) is not alive: it holds no ports and does no work.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return true;  // no /proc: trust kill()
    const auto close = text.rfind(')');
    return close == std::string::npos || close + 2 >= text.size() || text[close + 2] != 'Z';
}

std::vector<const NatsRecord*> managedNatsServers(const SetState& state) {
    std::vector<const NatsRecord*> servers;
    if (state.nats.process.binary.empty()) return servers;
    servers.push_back(&state.nats);
    for (const auto& p : state.natsPeers) servers.push_back(&p);
    return servers;
}

std::vector<NatsRecord*> managedNatsServers(SetState& state) {
    std::vector<NatsRecord*> servers;
    if (state.nats.process.binary.empty()) return servers;
    servers.push_back(&state.nats);
    for (auto& p : state.natsPeers) servers.push_back(&p);
    return servers;
}

const NatsRecord* findNatsServer(const SetState& state, const std::string& name) {
    for (const auto* server : managedNatsServers(state))
        if (server->process.name == name) return server;
    return nullptr;
}

const RegionRecord* findRegion(const SetState& state, const std::string& name) {
    const auto id = regions::expandAlias(name);
    for (const auto& r : state.regions)
        if (r.process.name == id) return &r;
    return nullptr;
}

SetState requireRunningSet(const std::filesystem::path& stateDir) {
    std::optional<SetState> state;
    try {
        state = readState(stateDir);
    } catch (const CommandError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw CommandError{kEnvironmentError, e.what()};
    }
    if (!state || state->regions.empty())
        throw CommandError{kEnvironmentError, "no running set in " + stateDir.string() +
                                                  "; start one with `mmoctl up` (or pass --state-dir)"};
    return *state;
}

}  // namespace mmo::cli
