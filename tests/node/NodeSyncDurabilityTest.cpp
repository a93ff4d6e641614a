// Acknowledged changes survive kill -9 of the node and a NATS outage: real mmo-node processes, a real
// nats-server, changes sent through the REST API the way an operator would.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <csignal>
#include <mutex>
#include <thread>

#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::filesystem::path nodeBinary() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmo-node";
}

HttpResult post(std::uint16_t port, const std::string& path, const std::string& body,
                const std::string& token = {}) {
    std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    return rawHttpExchange(port, request + "\r\n" + body);
}

std::string login(std::uint16_t port) {
    const auto response = post(port, "/api/auth/login", R"({"username":"admin","password":"ChangeMe123!"})");
    if (response.status != 200) return {};
    return std::string(json::parse(response.body).at("token").as_string());
}

struct Acked {
    int x, y;
    std::string type;
};

const char* kTypes[] = {"stone", "dirt", "grass", "sand", "wood"};

// One region node with its own data dir; restartable on the same data dir.
class Region {
  public:
    Region(std::string id, const std::filesystem::path& root, const std::string& natsUrl)
        : id_(std::move(id)), dir_(root / id_) {
        std::filesystem::create_directories(dir_);
        env_ = nodeEnvironment();
        env_.set("GAME_EVENTBUS_URL", natsUrl)
            .set("GAME_SYNC_REGION_ID", id_)
            .set("GAME_SYNC_BATCH_SIZE", "50")
            .set("GAME_SYNC_FLUSH_EVERY_SECONDS", "0.1")
            .set("GAME_STORAGE_DATA_DIR", (dir_ / "data").string());
        start();
    }
    void start() {
        ++launches_;
        node_.reset();
        node_ = std::make_unique<NodeProcess>(nodeBinary(), std::vector<std::string>{}, env_, dir_,
                                              id_ + "-" + std::to_string(launches_));
        ASSERT_TRUE(node_->waitReady()) << node_->log();
    }
    void kill9() {
        node_->process().sendSignal(SIGKILL);
        node_->process().waitExit(10s);
    }
    std::uint16_t rest() const { return node_->ports().rest; }
    std::string digest() const {
        const auto r = httpGet(rest(), "/api/world/digest");
        return r.status == 200 ? std::string(json::parse(r.body).at("digest").as_string()) : std::string();
    }
    std::string blockType(int x, int y) const {
        const auto r = httpGet(rest(), "/api/world/block?x=" + std::to_string(x) + "&y=" + std::to_string(y));
        return r.status == 200 ? std::string(json::parse(r.body).at("block_type").as_string())
                               : std::string();
    }
    bool hasAll(const std::vector<Acked>& acked) const {
        for (const auto& a : acked)
            if (blockType(a.x, a.y) != a.type) return false;
        return true;
    }
    std::string log() const { return node_->log(); }

  private:
    std::string id_;
    std::filesystem::path dir_;
    ChildEnvironment env_;
    std::unique_ptr<NodeProcess> node_;
    int launches_ = 0;
};

// Sends BlockEvents to a region from a background thread, one cell each, recording what was acknowledged.
class Writer {
  public:
    Writer(const Region& region, int row) : region_(region), row_(row) {
        thread_ = std::thread([this] { run(); });
    }
    ~Writer() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int acked() const { return ackedCount_; }
    std::vector<Acked> ackedChanges() {
        std::lock_guard lock(mutex_);
        return acked_;
    }

  private:
    void run() {
        std::string token;
        for (int i = 0; !stop_; ++i) {
            if (token.empty()) token = login(port());
            const std::string type = kTypes[i % 5];
            const auto body = R"({"event_type":"BlockEvent","data":{"x":)" + std::to_string(i) + R"(,"y":)" +
                              std::to_string(row_) + R"(,"block_type":")" + type + R"("}})";
            const auto r = post(port(), "/api/admin/events/send", body, token);
            if (r.status == 202) {
                std::lock_guard lock(mutex_);
                acked_.push_back({i, row_, type});
                ++ackedCount_;
            } else if (r.status == 0) {
                token.clear();  // the node is gone (killed): wait for it to come back
                std::this_thread::sleep_for(20ms);
            }
        }
    }
    std::uint16_t port() const { return region_.rest(); }

    const Region& region_;
    int row_;
    std::atomic<bool> stop_{false};
    std::atomic<int> ackedCount_{0};
    std::mutex mutex_;
    std::vector<Acked> acked_;
    std::thread thread_;
};

class NodeSyncDurability : public ::testing::Test {
  protected:
    void SetUp() override { nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path()); }
    TempDir dir_{"node-sync-durability"};
    std::unique_ptr<NatsServerProcess> nats_;
};

// kill -9 of a node in the middle of a stream of acknowledged changes, then a restart on the same data
// dir: every acknowledged change is in every region, and the digests agree within 10 s.
TEST_F(NodeSyncDurability, KillNineLosesNoAcknowledgedChange) {
    Region eu("eu-west-1", dir_.path(), nats_->url());
    Region us("us-east-1", dir_.path(), nats_->url());
    std::vector<Acked> acked;
    {
        Writer writer(eu, 1);
        ASSERT_TRUE(waitUntil([&] { return writer.acked() >= 150; }, 60s)) << eu.log();
        eu.kill9();
        writer.stop();
        acked = writer.ackedChanges();
    }
    eu.start();
    const auto restarted = std::chrono::steady_clock::now();
    ASSERT_TRUE(waitUntil([&] { return !eu.digest().empty() && eu.digest() == us.digest(); }, 10s))
        << "digests differ after restart: " << eu.digest() << " vs " << us.digest() << "\n"
        << eu.log();
    EXPECT_LE(std::chrono::steady_clock::now() - restarted, 10s);
    EXPECT_TRUE(eu.hasAll(acked)) << acked.size() << " acknowledged changes";
    EXPECT_TRUE(us.hasAll(acked)) << acked.size() << " acknowledged changes";
}

// NATS stopped for 20 s while a region keeps taking changes, then started again: nothing is lost and
// the digests agree.
TEST_F(NodeSyncDurability, NatsOutageOfTwentySecondsLosesNothing) {
    Region eu("eu-west-1", dir_.path(), nats_->url());
    Region us("us-east-1", dir_.path(), nats_->url());
    nats_->stop();
    std::vector<Acked> acked;
    {
        Writer writer(eu, 2);
        std::this_thread::sleep_for(20s);  // the scenario itself: twenty seconds of writes without NATS
        writer.stop();
        acked = writer.ackedChanges();
    }
    ASSERT_GT(acked.size(), 0u) << "the region must keep acknowledging while NATS is down\n" << eu.log();
    nats_->restart();
    ASSERT_TRUE(waitUntil([&] { return eu.digest() == us.digest() && us.hasAll(acked); }, 30s))
        << acked.size() << " acknowledged changes\n"
        << us.log();
    EXPECT_TRUE(eu.hasAll(acked));
}

}  // namespace
}  // namespace mmo::test
