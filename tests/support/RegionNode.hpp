#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"
#include "tests/support/NodeProcess.hpp"

namespace mmo::test {

// A block change acknowledged by a node (202 from POST /api/admin/events/send).
struct AckedChange {
    int x = 0;
    int y = 0;
    std::string type;
};

// One real mmo-node process for a region, with its own data dir under root/<id>, restartable on that
// data dir; read through its REST API and /metrics.
class RegionNode {
  public:
    // Starts the node on natsUrl (one URL or a comma-separated list) with `extraEnv` on top of the test
    // defaults (ports 0, batch 50, flush 0.1 s); fails the test when it does not log its listeners.
    RegionNode(std::string id, const std::filesystem::path& root, const std::string& natsUrl,
               const std::map<std::string, std::string>& extraEnv = {});

    void start();
    void kill9();

    const std::string& id() const { return id_; }
    std::uint16_t rest() const { return node_->ports().rest; }
    std::uint16_t metricsPort() const { return node_->ports().metrics; }
    // The game server's TCP port of the running launch, 0 while the node is down (killed and not yet
    // restarted). Safe from any thread: players (tests/support GameBot) reconnect through it.
    std::uint16_t tcp() const { return tcpPort_.load(); }
    // The process id of the running launch.
    pid_t pid() const { return node_->process().pid(); }
    // Its resident memory (VmRSS of /proc/<pid>/status) in bytes; 0 when it cannot be read.
    std::uint64_t residentBytes() const;
    std::string log() const { return node_->log(); }

    // GET /api/world/digest's digest ("" when the node does not answer).
    std::string digest() const;
    // GET /api/world/block's block_type ("" when the node does not answer).
    std::string blockType(int x, int y) const;
    // True when every change is in this region's world.
    bool hasAll(const std::vector<AckedChange>& acked) const;
    // The value of a metric sample with these labels; -1 when absent or the node does not answer.
    double metric(const std::string& name, const std::map<std::string, std::string>& labels = {}) const;

  private:
    std::string id_;
    std::filesystem::path dir_;
    ChildEnvironment env_;
    std::unique_ptr<NodeProcess> node_;
    std::atomic<std::uint16_t> tcpPort_{0};
    int launches_ = 0;
};

// A bearer token for the default admin account ("" when login fails).
std::string adminToken(std::uint16_t restPort);

}  // namespace mmo::test
