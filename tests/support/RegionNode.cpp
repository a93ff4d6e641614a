#include "tests/support/RegionNode.hpp"

#include <boost/json.hpp>
#include <csignal>
#include <fstream>
#include <stdexcept>

#include "common/prometheus/TextParser.hpp"
#include "tests/support/HttpClient.hpp"

namespace mmo::test {

namespace json = boost::json;

std::string adminToken(std::uint16_t restPort) {
    const auto response =
        httpPost(restPort, "/api/auth/login", R"({"username":"admin","password":"ChangeMe123!"})");
    if (response.status != 200) return {};
    return std::string(json::parse(response.body).at("token").as_string());
}

RegionNode::RegionNode(std::string id, const std::filesystem::path& root, const std::string& natsUrl,
                       const std::map<std::string, std::string>& extraEnv)
    : id_(std::move(id)), dir_(root / id_) {
    std::filesystem::create_directories(dir_);
    env_ = nodeEnvironment();
    env_.set("GAME_EVENTBUS_URL", natsUrl)
        .set("GAME_SYNC_REGION_ID", id_)
        .set("GAME_SYNC_BATCH_SIZE", "50")
        .set("GAME_SYNC_FLUSH_EVERY_SECONDS", "0.1")
        .set("GAME_STORAGE_DATA_DIR", (dir_ / "data").string());
    for (const auto& [name, value] : extraEnv) env_.set(name, value);
    start();
}

void RegionNode::start() {
    ++launches_;
    tcpPort_ = 0;
    node_.reset();
    node_ = std::make_unique<NodeProcess>(std::filesystem::path(MMO_BIN_DIR) / "mmo-node",
                                          std::vector<std::string>{}, env_, dir_,
                                          id_ + "-" + std::to_string(launches_));
    if (!node_->waitReady()) throw std::runtime_error("node " + id_ + " did not start:\n" + node_->log());
    tcpPort_ = node_->ports().tcp;
}

void RegionNode::kill9() {
    tcpPort_ = 0;
    node_->process().sendSignal(SIGKILL);
    node_->process().waitExit(std::chrono::seconds(10));
}

std::uint64_t RegionNode::residentBytes() const {
    std::ifstream status("/proc/" + std::to_string(pid()) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // "VmRSS:  1234 kB"
    return 0;
}

std::string RegionNode::digest() const {
    const auto r = httpGet(rest(), "/api/world/digest");
    return r.status == 200 ? std::string(json::parse(r.body).at("digest").as_string()) : std::string();
}

std::string RegionNode::blockType(int x, int y) const {
    const auto r = httpGet(rest(), "/api/world/block?x=" + std::to_string(x) + "&y=" + std::to_string(y));
    return r.status == 200 ? std::string(json::parse(r.body).at("block_type").as_string()) : std::string();
}

bool RegionNode::hasAll(const std::vector<AckedChange>& acked) const {
    for (const auto& a : acked)
        if (blockType(a.x, a.y) != a.type) return false;
    return true;
}

double RegionNode::metric(const std::string& name, const std::map<std::string, std::string>& labels) const {
    const auto r = httpGet(metricsPort(), "/metrics");
    if (r.status != 200) return -1;
    return prometheus::parseText(r.body).find(name, labels).value_or(-1);
}

}  // namespace mmo::test
