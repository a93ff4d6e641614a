// How fast the sync recovers when the NATS server comes back (issue 20 item 3, docs/benchmarks.md
// "Recovery after a NATS restart"): real nats-server and two mmo-node processes (eu, us) on one machine.
//
//   build/bin/recovery_bench [--cluster off|on] [--rounds 5] [--outage-ms 2000] [--node-bin
//   build/bin/mmo-node]
//                            [--nats-bin /usr/sbin/nats-server] [--dir /tmp/recovery-bench]
//
// Per round: eu takes one write every 10 ms through the REST API (batches every 50 ms, so a publish is
// nearly always in flight); nats-server is killed with -9, stays down --outage-ms (eu keeps taking writes
// into its outbox), the writes stop and nats-server is restarted on its store. Timed from the restart's
// spawn: the server's /healthz 200, eu's first acknowledged publish (sync_published_batch_seq moves), and
// convergence (us has eu's digest and eu has nothing unpublished). Medians over the rounds are printed.
// --cluster on: a 3-server JetStream cluster; the stream (R1) is on one server, the nodes on the two others,
// and the stream's server is the one killed and restarted: the nodes' connections stay up (the case of
// issue 20 item 3, where a publish sent while the server restarts got no PubAck for 5 s).
#include <nats/nats.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "LocalProcessSupport.hpp"
#include "cli/supervisor/ChildProcess.hpp"
#include "common/http/HttpClient.hpp"
#include "common/prometheus/TextParser.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using mmo::cli::ChildProcess;
using mmo::cli::LaunchSpec;

using mmo::bench::freePort;
using mmo::bench::get;

// Polls until `condition` holds (across processes there is nothing to be notified by).
void waitFor(const std::string& what, std::chrono::seconds timeout, const std::function<bool()>& condition) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        try {
            if (condition()) return;
        } catch (const std::exception&) {
        }
        if (Clock::now() > deadline) throw std::runtime_error("timed out waiting for " + what);
        std::this_thread::sleep_for(5ms);
    }
}

// One nats-server -js on 127.0.0.1; with `routes`, one server of a JetStream cluster.
class Nats {
  public:
    Nats(fs::path dir, fs::path binary, std::string name)
        : dir_(std::move(dir)), binary_(std::move(binary)), name_(std::move(name)) {}
    std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
    std::string routeUrl() const { return "nats://127.0.0.1:" + std::to_string(routePort_); }
    const std::string& name() const { return name_; }
    void kill() {
        ::kill(process_->pid(), SIGKILL);
        waitFor("nats-server to die", 10s, [&] { return process_->exitStatus().has_value(); });
        process_.reset();
    }
    // routes: the other servers' route URLs, comma-separated ("" for a lone server).
    void start(const std::string& routes = "") {
        LaunchSpec spec;
        spec.name = name_;
        spec.binary = binary_;
        spec.args = {"-js",
                     "-a",
                     "127.0.0.1",
                     "-p",
                     std::to_string(port_),
                     "-m",
                     std::to_string(monitor_),
                     "-sd",
                     (dir_ / name_).string(),
                     "-n",
                     name_};
        if (!routes.empty()) routes_ = routes;  // a restart keeps them
        if (!routes_.empty())
            for (const auto& arg : {std::string("--cluster_name"), std::string("mmo"),
                                    std::string("--cluster"), routeUrl(), std::string("--routes"), routes_})
                spec.args.push_back(arg);
        spec.logFile = dir_ / (name_ + ".log");
        process_ = std::make_unique<ChildProcess>(spec);
    }
    bool healthy() const { return get(monitor_, "/healthz").status == 200; }

  private:
    fs::path dir_;
    fs::path binary_;
    std::string name_;
    std::string routes_;
    std::uint16_t port_ = freePort();
    std::uint16_t monitor_ = freePort();
    std::uint16_t routePort_ = freePort();
    std::unique_ptr<ChildProcess> process_;
};

// The server (by name) that holds the stream GLOBAL_EVENTS, asked through `url`.
std::string streamLeader(const std::string& url) {
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
    if (natsConnection_ConnectTo(&connection, url.c_str()) != NATS_OK ||
        natsConnection_JetStream(&js, connection, nullptr) != NATS_OK)
        throw std::runtime_error("cannot connect to " + url);
    std::string leader;
    jsStreamInfo* info = nullptr;
    if (js_GetStreamInfo(&info, js, "GLOBAL_EVENTS", nullptr, nullptr) == NATS_OK && info->Cluster &&
        info->Cluster->Leader)
        leader = info->Cluster->Leader;
    jsStreamInfo_Destroy(info);
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
    if (leader.empty()) throw std::runtime_error("the stream has no leader");
    return leader;
}

struct Node {
    std::string region;
    std::uint16_t rest = freePort();
    std::uint16_t metrics = freePort();
    std::unique_ptr<ChildProcess> process;

    Node(std::string id, const fs::path& dir, const fs::path& binary, const std::string& natsUrl)
        : region(std::move(id)) {
        LaunchSpec spec;
        spec.name = region;
        spec.binary = binary;
        spec.logFile = dir / (region + ".log");
        spec.setEnv = {{"GAME_EVENTBUS_URL", natsUrl},
                       {"GAME_SYNC_REGION_ID", region},
                       {"GAME_STORAGE_DATA_DIR", (dir / region).string()},
                       {"GAME_SERVER_HOST", "127.0.0.1"},
                       {"GAME_SERVER_TCP_PORT", "0"},
                       {"GAME_SERVER_UDP_PORT", "0"},
                       {"GAME_SERVER_REST_PORT", std::to_string(rest)},
                       {"GAME_SERVER_METRICS_PORT", std::to_string(metrics)},
                       {"GAME_SYNC_FLUSH_EVERY_SECONDS", "0.05"}};
        process = std::make_unique<ChildProcess>(spec);
        waitFor(region + " ready", 60s, [&] {
            if (process->exitStatus()) throw std::logic_error(region + " exited; see its log");
            return get(rest, "/readyz").status == 200;
        });
    }
    std::string digest() const {
        return std::string(boost::json::parse(get(rest, "/api/world/digest").body).at("digest").as_string());
    }
    double metric(const std::string& name) const {
        return mmo::prometheus::parseText(get(metrics, "/metrics").body).sum(name, {}).value_or(-1);
    }
    std::uint64_t unpublished() const {
        return boost::json::parse(get(rest, "/api/sync/status").body)
            .at("unpublished_changes")
            .to_number<std::uint64_t>();
    }
};

// One write every 10 ms to eu while `on`, each on a new cell.
class Writer {
  public:
    explicit Writer(const Node& node) : node_(node) {
        mmo::http_client::HttpRequestOptions options;
        options.timeout = 5s;
        const auto login =
            mmo::http_client::post("127.0.0.1", node.rest, "/api/auth/login",
                                   R"({"username":"admin","password":"ChangeMe123!"})", options);
        token_ = "Bearer " + std::string(boost::json::parse(login.body).at("token").as_string());
        thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
    }
    void pause(bool on) { paused_ = on; }
    std::uint64_t written() const { return written_.load(); }

  private:
    void run(std::stop_token stop) {
        mmo::http_client::HttpRequestOptions options;
        options.timeout = 5s;
        options.headers["Authorization"] = token_;
        for (int i = 0; !stop.stop_requested(); ++i) {
            std::this_thread::sleep_for(10ms);
            if (paused_) continue;
            const int x = i % 1000, y = i / 1000;
            const auto body = "{\"event_type\":\"FillEvent\",\"data\":{\"x1\":" + std::to_string(x) +
                              ",\"y1\":" + std::to_string(y) + ",\"x2\":" + std::to_string(x) +
                              ",\"y2\":" + std::to_string(y) + ",\"block_type\":\"stone\"}}";
            try {
                if (mmo::http_client::post("127.0.0.1", node_.rest, "/api/admin/events/send", body, options)
                        .status == 202)
                    ++written_;
            } catch (const std::exception&) {
            }
        }
    }
    const Node& node_;
    std::string token_;
    std::atomic<bool> paused_{false};
    std::atomic<std::uint64_t> written_{0};
    std::jthread thread_;
};

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = 5;
    int outageMs = 2000;
    bool cluster = false;
    fs::path nodeBin = fs::path(argv[0]).parent_path() / ".." / "bin" / "mmo-node";
    fs::path natsBin = "/usr/sbin/nats-server";
    fs::path dir = fs::temp_directory_path() / "recovery-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--cluster") {
            cluster = std::string(argv[i + 1]) == "on";
        } else if (flag == "--rounds")
            rounds = std::stoi(argv[i + 1]);
        else if (flag == "--outage-ms")
            outageMs = std::stoi(argv[i + 1]);
        else if (flag == "--node-bin")
            nodeBin = argv[i + 1];
        else if (flag == "--nats-bin")
            natsBin = argv[i + 1];
        else if (flag == "--dir")
            dir = argv[i + 1];
        else {
            std::cerr << "recovery_bench: unknown flag " << flag << "\n";
            return 2;
        }
    }
    try {
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::vector<std::unique_ptr<Nats>> servers;
        for (int i = 0; i < (cluster ? 3 : 1); ++i)
            servers.push_back(std::make_unique<Nats>(dir, natsBin, "n" + std::to_string(i)));
        for (std::size_t i = 0; i < servers.size(); ++i) {
            std::string routes;
            for (std::size_t j = 0; j < servers.size(); ++j)
                if (j != i) routes += (routes.empty() ? "" : ",") + servers[j]->routeUrl();
            servers[i]->start(routes);
        }
        for (auto& server : servers) waitFor("nats-server", 60s, [&] { return server->healthy(); });
        // Lone server: both nodes on it, it is killed. Cluster: the stream (R1) lives on one server, which is
        // killed; the nodes are on the two others, whose connections stay up (the issue's case).
        auto eu = std::make_unique<Node>("eu-west-1", dir, nodeBin, servers[0]->url());
        std::size_t victim = 0;
        if (cluster) {
            const auto leader = streamLeader(servers[0]->url());
            for (std::size_t i = 0; i < servers.size(); ++i)
                if (servers[i]->name() == leader) victim = i;
            if (victim == 0) {  // eu is on the stream's server: move it to another one
                eu.reset();
                eu = std::make_unique<Node>("eu-west-1", dir, nodeBin, servers[1]->url());
            }
        }
        Nats& nats = *servers[victim];
        const std::string usServer = servers[cluster ? (victim == 2 ? 1 : 2) : 0]->url();
        Node us("us-east-1", dir, nodeBin, usServer);
        const Node& euNode = *eu;
        Writer writer(euNode);
        std::vector<double> healthy, firstAck, converged;
        std::printf("| round | server healthy | first acknowledged publish | converged |\n");
        std::printf("| --- | --- | --- | --- |\n");
        for (int round = 1; round <= rounds; ++round) {
            writer.pause(false);
            std::this_thread::sleep_for(1500ms);
            nats.kill();
            std::this_thread::sleep_for(std::chrono::milliseconds(outageMs));
            writer.pause(true);
            std::this_thread::sleep_for(100ms);  // the last write's response is in
            const double before = euNode.metric("sync_published_batch_seq");
            const auto t0 = Clock::now();
            nats.start();
            waitFor("nats-server back", 60s, [&] { return nats.healthy(); });
            healthy.push_back(seconds(Clock::now() - t0));
            waitFor("eu's first publish", 60s,
                    [&] { return euNode.metric("sync_published_batch_seq") > before; });
            firstAck.push_back(seconds(Clock::now() - t0));
            waitFor("convergence", 120s,
                    [&] { return euNode.unpublished() == 0 && us.digest() == euNode.digest(); });
            converged.push_back(seconds(Clock::now() - t0));
            std::printf("| %d | %.2f s | %.2f s | %.2f s |\n", round, healthy.back(), firstAck.back(),
                        converged.back());
            std::fflush(stdout);
        }
        std::printf("| median | %.2f s | %.2f s | %.2f s |\n", median(healthy), median(firstAck),
                    median(converged));
        std::printf("\n%llu writes; logs of every process: %s\n",
                    static_cast<unsigned long long>(writer.written()), dir.c_str());
    } catch (const std::exception& e) {
        std::cerr << "recovery_bench: " << e.what() << " (logs in " << dir << ")\n";
        return 1;
    }
    return 0;
}
