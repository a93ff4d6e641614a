#include "cli/commands/StatusCommand.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>
#include <optional>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/supervisor/ReadinessWaiter.hpp"
#include "cli/supervisor/SetInspector.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "cli/util/TextTable.hpp"
#include "common/http/HttpClient.hpp"
#include "common/text/Redaction.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// A node's REST answer can wait out a NATS connect attempt (nats.c's 2 s connect timeout) while its link
// reconnects to a server that does not answer: 3 s still tells such a node from one that is gone.
constexpr std::chrono::milliseconds kRequestTimeout{3000};

// GET on 127.0.0.1: the status and the parsed JSON body (null when it is not JSON); nullopt when the
// request failed.
struct Answer {
    int status = 0;
    json::value body;
};
std::optional<Answer> ask(int port, const std::string& target) {
    if (port <= 0) return std::nullopt;
    try {
        http_client::HttpRequestOptions options;
        options.timeout = kRequestTimeout;
        const auto response =
            http_client::get("127.0.0.1", static_cast<std::uint16_t>(port), target, options);
        Answer answer{response.status, nullptr};
        boost::system::error_code ec;
        answer.body = json::parse(response.body, ec);
        if (ec) answer.body = nullptr;
        return answer;
    } catch (const http_client::HttpClientError&) {
        return std::nullopt;
    }
}

// body[key1][key2]... or null when any step is missing.
json::value pick(const json::value& body, std::initializer_list<const char*> path) {
    const json::value* v = &body;
    for (const char* key : path) {
        if (!v->is_object()) return nullptr;
        v = v->get_object().if_contains(key);
        if (!v) return nullptr;
    }
    return *v;
}

json::object regionStatus(const RegionRecord& r) {
    const bool alive = recordAlive(r.process);
    json::object row{
        {"region", r.process.name},      {"pid", r.process.pid},          {"alive", alive},
        {"tcp_port", r.tcpPort},         {"udp_port", r.udpPort},         {"rest_port", r.restPort},
        {"metrics_port", r.metricsPort}, {"log_file", r.process.logFile}, {"config_file", r.configFile}};
    const auto ready = alive ? ask(r.restPort, "/readyz") : std::nullopt;
    row["ready"] = ready && ready->status == 200;
    // The sync's health as /readyz says it (docs/rest-api.md#get-readyz): the same words in every region.
    const json::value noAnswer = nullptr;
    const auto readyReason = ready ? pick(ready->body, {"reason"}) : noAnswer;
    row["ready_reason"] = ready && ready->status != 200 && readyReason.is_string() ? readyReason : noAnswer;
    const auto status = alive ? ask(r.restPort, "/api/status") : std::nullopt;
    const auto sync = alive ? ask(r.restPort, "/api/sync/status") : std::nullopt;
    const json::value none = nullptr;
    const auto& statusBody = status ? status->body : none;
    const auto& syncBody = sync ? sync->body : none;
    row["players_online"] = pick(statusBody, {"players_online"});
    auto connected = pick(statusBody, {"nats", "connected"});
    row["nats_connected"] = connected.is_null() ? pick(syncBody, {"nats", "connected"}) : connected;
    // The server the node uses now (after a failover not its own until it moves home, docs/sync.md).
    row["nats_server"] = pick(syncBody, {"nats", "server"});
    row["pending_changes"] = pick(syncBody, {"pending_changes"});
    row["unpublished_changes"] = pick(syncBody, {"unpublished_changes"});
    row["caught_up"] = pick(syncBody, {"caught_up"});
    row["publish_stalled"] = pick(syncBody, {"publish_stalled"});
    return row;
}

json::object natsStatus(const NatsRecord& n) {
    const bool managed = !n.process.binary.empty();
    const bool alive = managed && recordAlive(n.process);
    json::object row{{"url", text::redactUrlCredentials(n.url)},
                     {"managed", managed},
                     {"pid", n.process.pid},
                     {"alive", alive},
                     {"client_port", n.clientPort},
                     {"monitor_port", n.monitorPort}};
    const auto health = alive ? ask(n.monitorPort, "/healthz") : std::nullopt;
    row["healthy"] = managed ? json::value(health && health->status == 200) : json::value(nullptr);
    row["log_file"] = n.process.logFile;
    return row;
}

// One server of a local JetStream cluster: as natsStatus, plus its name, route port and the meta leader
// it knows of (null when it is down or knows none).
json::object clusterServerStatus(const NatsRecord& n) {
    auto row = natsStatus(n);
    row["name"] = n.process.name;
    row["url"] = "nats://127.0.0.1:" + std::to_string(n.clientPort);
    row["cluster_port"] = n.clusterPort;
    json::value leader = nullptr;
    if (row.at("alive").as_bool())
        if (const auto jsz = ask(n.monitorPort, "/jsz"); jsz && jsz->status == 200)
            if (auto name = metaLeaderOf(json::serialize(jsz->body)); !name.empty())
                leader = json::string(name);
    row["meta_leader"] = leader;
    return row;
}

// The chaos link proxy of an `up --wan` set: pid, control port and health, and each region's link port.
json::object chaosStatus(const ChaosRecord& c) {
    const bool alive = recordAlive(c.process);
    const auto health = alive ? ask(c.controlPort, "/healthz") : std::nullopt;
    json::array links;
    for (const auto& link : c.links) {
        json::array upstreams;
        for (const auto& u : link.upstreams) upstreams.emplace_back(u);
        links.push_back(json::object{
            {"region", link.region}, {"listen_port", link.listenPort}, {"upstreams", upstreams}});
    }
    return {{"pid", c.process.pid},          {"alive", alive},
            {"control_port", c.controlPort}, {"healthy", health && health->status == 200},
            {"log_file", c.process.logFile}, {"links", std::move(links)}};
}

// The Prometheus of an `up --monitoring` set: pid, port, readiness and where its UI is.
json::object prometheusStatus(const PrometheusRecord& p) {
    const bool alive = recordAlive(p.process);
    const auto ready = alive ? ask(p.port, "/-/ready") : std::nullopt;
    return {{"pid", p.process.pid},
            {"alive", alive},
            {"port", p.port},
            {"ready", ready && ready->status == 200},
            {"url", "http://127.0.0.1:" + std::to_string(p.port) + "/graph"},
            {"config_file", p.configFile},
            {"rules_file", p.rulesFile},
            {"log_file", p.process.logFile}};
}

// The web console of an `up --console` set: pid, port, whether it serves, its URL.
json::object consoleStatus(const ConsoleRecord& c) {
    const bool alive = recordAlive(c.process);
    const auto serving = alive ? ask(c.port, "/console/set") : std::nullopt;
    return {{"pid", c.process.pid},
            {"alive", alive},
            {"port", c.port},
            {"serving", serving && serving->status == 200},
            {"url", "http://127.0.0.1:" + std::to_string(c.port) + "/"},
            {"log_file", c.process.logFile}};
}

std::string text(const json::value& v, const char* whenNull = "-") {
    if (v.is_null()) return whenNull;
    if (v.is_bool()) return v.get_bool() ? "yes" : "no";
    if (v.is_string()) return std::string(v.get_string());
    return json::serialize(v);
}

void printClusterServers(const json::array& servers) {
    std::string leader = "none";
    for (const auto& s : servers)
        if (s.at("meta_leader").is_string()) leader = std::string(s.at("meta_leader").get_string());
    std::cout << "NATS JetStream cluster " << kLocalClusterName << " (" << servers.size()
              << " servers, meta leader " << leader << ")\n";
    TextTable table({"  server", "url", "pid", "monitoring", "cluster", "healthy"});
    for (const auto& value : servers) {
        const auto& s = value.get_object();
        table.addRow({"  " + text(s.at("name")), text(s.at("url")),
                      text(s.at("pid")) + (s.at("alive").get_bool() ? "" : " (gone)"),
                      text(s.at("monitor_port")), text(s.at("cluster_port")), text(s.at("healthy"))});
    }
    table.print(std::cout);
}

void printChaos(const json::object& chaos) {
    std::cout << "chaos proxy  pid " << text(chaos.at("pid"))
              << (chaos.at("alive").get_bool() ? "" : " (gone)")
              << "  control http://127.0.0.1:" << text(chaos.at("control_port")) << "  healthy "
              << text(chaos.at("healthy")) << "  links";
    for (const auto& link : chaos.at("links").get_array())
        std::cout << " " << text(link.at("region")) << ":" << text(link.at("listen_port"));
    std::cout << "  (mmoctl chaos status)\n";
}

void printPrometheus(const json::object& p) {
    std::cout << "prometheus  pid " << text(p.at("pid")) << (p.at("alive").get_bool() ? "" : " (gone)")
              << "  port " << text(p.at("port")) << "  ready " << text(p.at("ready")) << "  "
              << text(p.at("url")) << "\n";
}

void printConsole(const json::object& c) {
    std::cout << "console     pid " << text(c.at("pid")) << (c.at("alive").get_bool() ? "" : " (gone)")
              << "  port " << text(c.at("port")) << "  serving " << text(c.at("serving")) << "  "
              << text(c.at("url")) << "\n";
}

// "connected nats://127.0.0.1:4222" (the server in use), "disconnected" or "-" (the node did not answer).
std::string natsCell(const json::object& r) {
    if (r.at("nats_connected").is_null()) return "-";
    if (!r.at("nats_connected").get_bool()) return "disconnected";
    const auto* server = r.if_contains("nats_server");
    return server && server->is_string() && !server->get_string().empty()
               ? "connected " + std::string(server->get_string())
               : "connected";
}

// One line per region: the sync's health (/readyz), caught up, and its changes not yet acknowledged.
void printSync(const json::array& regions) {
    TextTable table({"region", "sync", "caught up", "unpublished"});
    for (const auto& value : regions) {
        const auto& r = value.get_object();
        std::string sync = "-";  // the node did not answer
        if (r.at("ready").get_bool())
            sync = "ok";
        else if (r.at("ready_reason").is_string())
            sync = std::string(r.at("ready_reason").get_string());
        table.addRow(
            {text(r.at("region")), sync, text(r.at("caught_up")), text(r.at("unpublished_changes"))});
    }
    table.print(std::cout);
}

void printTable(const json::object& nats, const json::array& regions, const json::array& clusterServers) {
    TextTable table(
        {"region", "pid", "tcp", "udp", "rest", "metrics", "ready", "players", "pending", "nats"});
    for (const auto& value : regions) {
        const auto& r = value.get_object();
        const auto pid = text(r.at("pid")) + (r.at("alive").get_bool() ? "" : " (gone)");
        table.addRow({text(r.at("region")), pid, text(r.at("tcp_port")), text(r.at("udp_port")),
                      text(r.at("rest_port")), text(r.at("metrics_port")), text(r.at("ready")),
                      text(r.at("players_online")), text(r.at("pending_changes")), natsCell(r)});
    }
    table.print(std::cout);
    printSync(regions);
    if (!clusterServers.empty()) return printClusterServers(clusterServers);
    std::cout << "NATS " << text(nats.at("url"));
    if (nats.at("managed").get_bool())
        std::cout << "  pid " << text(nats.at("pid")) << (nats.at("alive").get_bool() ? "" : " (gone)")
                  << "  monitoring " << text(nats.at("monitor_port")) << "  healthy "
                  << text(nats.at("healthy"));
    else
        std::cout << "  (external)";
    std::cout << "\n";
}

}  // namespace

void setupStatus(CLI::App& app, StatusOptions& options, int& exitCode) {
    auto* status =
        app.add_subcommand("status", "Show the set's regions: pids, ports, readiness, players, sync");
    status->add_option("--state-dir", options.stateDir, "The state dir of the set")->capture_default_str();
    status->add_flag("--json", options.json, "Print one JSON object: {\"nats\": {...}, \"regions\": [...]}");
    status->footer(
        "Examples:\n"
        "  mmoctl status\n"
        "  mmoctl status --json | jq '.regions[] | {region, ready, pending_changes}'\n"
        "Exit codes: 0 a set is running, 3 nothing is running.");
    status->callback([&options, &exitCode] { exitCode = runStatus(options); });
}

int runStatus(const StatusOptions& options) {
    const auto stateDir = fs::absolute(options.stateDir).lexically_normal();
    const auto state = readState(stateDir);
    if (!state || inspectSet(*state).kind == SetHealth::Kind::Stale) {
        std::cerr << "mmoctl status: nothing is running in " << stateDir.string()
                  << (state ? " (the state file is stale; mmoctl up cleans it)" : "")
                  << "; start one with mmoctl up\n";
        return kEnvironmentError;
    }
    json::array regions;
    for (const auto& r : state->regions) regions.push_back(regionStatus(r));
    const auto nats = natsStatus(state->nats);
    json::array clusterServers;  // empty unless the set runs a local JetStream cluster
    if (!state->natsPeers.empty())
        for (const auto* server : managedNatsServers(*state))
            clusterServers.push_back(clusterServerStatus(*server));
    if (options.json) {
        json::object root{{"state_dir", state->stateDir},
                          {"port_offset", state->portOffset},
                          {"supervisor_pid", state->supervisorPid},
                          {"nats", nats},
                          {"regions", regions}};
        if (!clusterServers.empty()) root["nats_servers"] = clusterServers;
        if (state->chaos) root["chaos"] = chaosStatus(*state->chaos);
        if (state->prometheus) root["prometheus"] = prometheusStatus(*state->prometheus);
        if (state->console) root["console"] = consoleStatus(*state->console);
        std::cout << json::serialize(root) << "\n";
    } else {
        printTable(nats, regions, clusterServers);
        if (state->chaos) printChaos(chaosStatus(*state->chaos));
        if (state->prometheus) printPrometheus(prometheusStatus(*state->prometheus));
        if (state->console) printConsole(consoleStatus(*state->console));
    }
    return kOk;
}

}  // namespace mmo::cli
