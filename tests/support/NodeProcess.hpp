#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"

namespace mmo::test {

// The ports a node bound, as its log reports them.
struct NodePorts {
    std::uint16_t tcp = 0;
    std::uint16_t udp = 0;
    std::uint16_t rest = 0;
    std::uint16_t metrics = 0;
};

// Reads the bound ports from a node's log ("Game server listening on tcp H:P, udp H:P",
// "REST API listening on H:P", "Prometheus metrics on H:P/metrics"); nullopt until all three lines are there.
std::optional<NodePorts> parseBoundPorts(const std::string& log);

// The inherited environment with all four node ports set to 0, so parallel tests never collide, and
// eventbus.url pointing at a closed port (no NATS) unless the test sets its own.
ChildEnvironment nodeEnvironment();

// A running mmo-node (or mmo-server) under test; killed on destruction like any ChildProcess.
class NodeProcess {
  public:
    NodeProcess(const std::filesystem::path& binary, const std::vector<std::string>& args,
                const ChildEnvironment& environment, const std::filesystem::path& outputDir,
                const std::string& name = "node");

    // Waits until the node logged all its listeners (true), or exited, or `timeout` passed (false).
    bool waitReady(std::chrono::milliseconds timeout = std::chrono::seconds(20));

    // The bound ports; valid after waitReady returned true.
    const NodePorts& ports() const { return ports_; }

    ChildProcess& process() { return child_; }
    std::string log() const { return child_.stderrText(); }

  private:
    ChildProcess child_;
    NodePorts ports_;
};

// Starts mmo-node for `region` on natsUrl (ports 0, a 0.1 s flush, its own data dir under dir, and
// `extraEnv` on top, e.g. {"GAME_GAME_MAX_CHAT_BYTES", "8"}) and waits until it is ready (/readyz 200).
// Throws std::runtime_error with the node's log when it does not come up.
std::unique_ptr<NodeProcess> startRegionNode(const std::filesystem::path& dir, const std::string& natsUrl,
                                             const std::string& region,
                                             const std::map<std::string, std::string>& extraEnv = {});

}  // namespace mmo::test
