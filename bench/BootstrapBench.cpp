// How fast a new region becomes ready on a world whose stream still holds every batch: from the
// world store's checkpoints versus replaying the whole stream, side by side for each world size, on
// real nats-server and mmo-node processes (docs/benchmarks.md, "Bootstrap").
//
//   build/bin/bootstrap_bench [--blocks 100000,1000000] [--history 1,10] [--node-bin build/bin/mmo-node]
//                             [--nats-bin /usr/sbin/nats-server] [--dir /tmp/bootstrap-bench]
//
// Per size and history H: a writer region fills N blocks H times over (FillEvents of 10,000 cells,
// 10,000-change batches, the block type changing each time: a world whose stream holds H changes per
// block), writing checkpoint rounds every second until one covers the whole stream. Then new regions
// start on empty data dirs and load the checkpoints; then, with the writer stopped and the store
// deleted, new regions replay the stream. Each way three times, the median reported. "Ready" is
// GET /readyz answering 200 (connected, world loaded, caught up), timed from the spawn of the process;
// every new region must reach the writer's digest.
#include <nats/nats.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
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

// Polls until `condition` holds (pacing a poll loop: nothing to be notified by across processes).
void waitFor(const std::string& what, std::chrono::seconds timeout, const std::function<bool()>& condition) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        try {
            if (condition()) return;
        } catch (const mmo::http_client::HttpClientError&) {
        }
        if (Clock::now() > deadline) throw std::runtime_error("timed out waiting for " + what);
        std::this_thread::sleep_for(5ms);
    }
}

struct Node {
    std::string region;
    std::uint16_t rest = freePort();
    std::uint16_t metrics = freePort();
    std::unique_ptr<ChildProcess> process;
    Clock::time_point spawned;

    // checkpoints: whether it writes checkpoint rounds (only the writer does: a new region that wrote
    // its own would change what the next one loads).
    Node(std::string id, const fs::path& dir, const fs::path& binary, const std::string& natsUrl,
         bool checkpoints)
        : region(std::move(id)) {
        LaunchSpec spec;
        spec.name = region;
        spec.binary = binary;
        spec.logFile = dir / (region + ".log");
        spec.unsetEnv = {"GAME_CHECKPOINT_ENABLED", "GAME_CHECKPOINT_EVERY_SECONDS"};
        spec.setEnv = {{"GAME_EVENTBUS_URL", natsUrl},
                       {"GAME_SYNC_REGION_ID", region},
                       {"GAME_STORAGE_DATA_DIR", (dir / region).string()},
                       {"GAME_SERVER_HOST", "127.0.0.1"},
                       {"GAME_SERVER_TCP_PORT", "0"},
                       {"GAME_SERVER_UDP_PORT", "0"},
                       {"GAME_SERVER_REST_PORT", std::to_string(rest)},
                       {"GAME_SERVER_METRICS_PORT", std::to_string(metrics)},
                       {"GAME_SYNC_BATCH_SIZE", "10000"},
                       {"GAME_SYNC_FLUSH_EVERY_SECONDS", "0.05"},
                       {"GAME_CHECKPOINT_ENABLED", checkpoints ? "true" : "false"},
                       {"GAME_CHECKPOINT_EVERY_SECONDS", "1"}};
        spawned = Clock::now();
        process = std::make_unique<ChildProcess>(spec);
    }
    // Seconds from the spawn until GET /readyz answers 200.
    double secondsToReady() {
        waitFor(region + " ready", 300s, [&] {
            if (process->exitStatus()) throw std::runtime_error(region + " exited; see its log");
            return get(rest, "/readyz").status == 200;
        });
        return std::chrono::duration<double>(Clock::now() - spawned).count();
    }
    std::string digest() const {
        return std::string(boost::json::parse(get(rest, "/api/world/digest").body).at("digest").as_string());
    }
    double metric(const std::string& name) const {
        return mmo::prometheus::parseText(get(metrics, "/metrics").body).sum(name, {}).value_or(-1);
    }
};

void fillWorld(const Node& writer, int blocks, int history) {
    mmo::http_client::HttpRequestOptions options;
    options.timeout = 30s;
    const auto login = mmo::http_client::post("127.0.0.1", writer.rest, "/api/auth/login",
                                              R"({"username":"admin","password":"ChangeMe123!"})", options);
    options.headers["Authorization"] =
        "Bearer " + std::string(boost::json::parse(login.body).at("token").as_string());
    const char* types[] = {"stone", "dirt", "sand", "wood"};
    for (int h = 0; h < history; ++h)
        for (int i = 0; i * 10000 < blocks; ++i) {
            const int x = (i % 10) * 100, y = (i / 10) * 100;
            const auto body = "{\"event_type\":\"FillEvent\",\"data\":{\"x1\":" + std::to_string(x) +
                              ",\"y1\":" + std::to_string(y) + ",\"x2\":" + std::to_string(x + 99) +
                              ",\"y2\":" + std::to_string(y + 99) + ",\"block_type\":\"" +
                              types[(i + h) % 4] + "\"}}";
            const auto r =
                mmo::http_client::post("127.0.0.1", writer.rest, "/api/admin/events/send", body, options);
            if (r.status != 202) throw std::runtime_error("FillEvent refused: " + r.body);
        }
}

struct StoreBytes {
    std::uint64_t store = 0;
    std::uint64_t stream = 0;
};

// Sizes of the store and the event stream, then the store deleted (nats.c, as `nats stream rm` would).
StoreBytes measureAndDeleteStore(const std::string& url) {
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
    if (natsConnection_ConnectTo(&connection, url.c_str()) != NATS_OK ||
        natsConnection_JetStream(&js, connection, nullptr) != NATS_OK)
        throw std::runtime_error("cannot connect to " + url);
    StoreBytes bytes;
    for (const auto& [name, into] :
         {std::pair{"GLOBAL_EVENTS_WORLD", &bytes.store}, {"GLOBAL_EVENTS", &bytes.stream}}) {
        jsStreamInfo* info = nullptr;
        if (js_GetStreamInfo(&info, js, name, nullptr, nullptr) == NATS_OK) *into = info->State.Bytes;
        jsStreamInfo_Destroy(info);
    }
    const natsStatus status = js_DeleteStream(js, "GLOBAL_EVENTS_WORLD", nullptr, nullptr);
    jsCtx_Destroy(js);
    natsConnection_Destroy(connection);
    if (status != NATS_OK) throw std::runtime_error("cannot delete the world store");
    return bytes;
}

struct Row {
    int blocks = 0;
    int history = 1;
    double chunks = 0;
    StoreBytes bytes;
    double fromCheckpoints = 0;
    double fullReplay = 0;
};

constexpr int kRuns = 3;

Row measure(int blocks, int history, const fs::path& root, const fs::path& nodeBin, const fs::path& natsBin) {
    const fs::path dir = root / (std::to_string(blocks) + "x" + std::to_string(history));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::uint16_t natsPort = freePort();
    LaunchSpec natsSpec;
    natsSpec.name = "nats";
    natsSpec.binary = natsBin;
    natsSpec.args = {
        "-js", "-a", "127.0.0.1", "-p", std::to_string(natsPort), "-sd", (dir / "nats").string()};
    natsSpec.logFile = dir / "nats.log";
    ChildProcess nats(natsSpec);
    const std::string url = "nats://127.0.0.1:" + std::to_string(natsPort);
    Row row;
    row.blocks = blocks;
    row.history = history;
    auto writer = std::make_unique<Node>("eu-west-1", dir, nodeBin, url, true);
    writer->secondsToReady();  // also waits for nats-server: ready means connected
    fillWorld(*writer, blocks, history);
    const double batches = static_cast<double>(history * ((blocks + 9999) / 10000));
    waitFor("the writer's batches", 300s,
            [&] { return writer->metric("sync_published_batch_seq") >= batches; });
    waitFor("a checkpoint round covering the stream", 300s, [&] {
        const auto status = boost::json::parse(get(writer->rest, "/api/sync/status").body);
        const double streamSeq = static_cast<double>(status.at("stream_seq").to_number<std::uint64_t>());
        return streamSeq >= batches && writer->metric("sync_checkpoint_stream_seq") >= streamSeq;
    });
    row.chunks = static_cast<double>(
        boost::json::parse(get(writer->rest, "/api/world/chunks").body).at("chunks").as_array().size());
    const auto digest = writer->digest();

    // Each way three times, each time a new region on an empty data dir: the median is reported.
    const auto medianStart = [&](const std::string& prefix) {
        std::vector<double> seconds;
        for (int run = 1; run <= kRuns; ++run) {
            Node fresh(prefix + "-" + std::to_string(run), dir, nodeBin, url, false);
            seconds.push_back(fresh.secondsToReady());
            if (fresh.digest() != digest)
                throw std::runtime_error(fresh.region + " does not have the writer's world");
        }
        std::sort(seconds.begin(), seconds.end());
        return seconds[seconds.size() / 2];
    };
    row.fromCheckpoints = medianStart("load");
    writer.reset();  // it would write its checkpoints again
    row.bytes = measureAndDeleteStore(url);
    row.fullReplay = medianStart("replay");
    return row;
}

std::vector<int> parseSizes(const std::string& text) {
    std::vector<int> sizes;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) sizes.push_back(std::stoi(item));
    return sizes;
}

}  // namespace

int main(int argc, char** argv) {
    std::string sizes = "100000,1000000";
    std::string histories = "1,10";
    fs::path nodeBin = fs::path(argv[0]).parent_path() / ".." / "bin" / "mmo-node";
    fs::path natsBin = "/usr/sbin/nats-server";
    fs::path dir = fs::temp_directory_path() / "bootstrap-bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--blocks")
            sizes = argv[i + 1];
        else if (flag == "--history")
            histories = argv[i + 1];
        else if (flag == "--node-bin")
            nodeBin = argv[i + 1];
        else if (flag == "--nats-bin")
            natsBin = argv[i + 1];
        else if (flag == "--dir")
            dir = argv[i + 1];
        else {
            std::cerr << "bootstrap_bench: unknown flag " << flag << "\n";
            return 2;
        }
    }
    try {
        std::printf(
            "| blocks | changes per block | chunks | store bytes | store bytes/block | stream bytes | from "
            "checkpoints | full replay | replay/checkpoints |\n");
        std::printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (const int history : parseSizes(histories)) {
            for (const int blocks : parseSizes(sizes)) {
                const Row row = measure(blocks, history, dir, nodeBin, natsBin);
                std::printf("| %d | %d | %.0f | %llu | %.2f | %llu | %.2f s | %.2f s | %.1fx |\n", row.blocks,
                            row.history, row.chunks, static_cast<unsigned long long>(row.bytes.store),
                            static_cast<double>(row.bytes.store) / row.blocks,
                            static_cast<unsigned long long>(row.bytes.stream), row.fromCheckpoints,
                            row.fullReplay, row.fullReplay / row.fromCheckpoints);
                std::fflush(stdout);
            }
        }
        std::printf("\nlogs of every process: %s\n", dir.c_str());
    } catch (const std::exception& e) {
        std::cerr << "bootstrap_bench: " << e.what() << " (logs in " << dir << ")\n";
        return 1;
    }
    return 0;
}
