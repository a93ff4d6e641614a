#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/TestNetwork.hpp"

// The files of `mmoctl config generate --hosts ...` run on three "hosts" (network namespaces of a
// TestNetwork): each host's nats-server and mmo-node started in it with the ExecStart lines of the
// generated systemd units, in README.txt's order; probes of the servers and nodes from inside each host.
namespace mmo::test::multihost {

// One region of the generated deployment: its host and the ports of the local port plan (offset 0:
// every host has its own network stack, so nothing collides).
struct Region {
    std::string host;  // eu, us, ap
    std::string id;    // eu-west-1, ...
    std::uint16_t rest = 0;
    std::uint16_t metrics = 0;
    std::uint16_t natsMonitor = 0;  // on the host's 127.0.0.1 only, as generated
    std::uint16_t natsClient = 0;   // the region's own (home) server, first in its eventbus.url
};

class GeneratedHosts {
  public:
    // Generates the files for `topology` (--nats-supercluster or --nats-cluster) into a temp dir with
    // the network's addresses as hosts; throws std::runtime_error when mmoctl fails.
    GeneratedHosts(TestNetwork& network, const std::string& topology);
    ~GeneratedHosts();
    GeneratedHosts(const GeneratedHosts&) = delete;
    GeneratedHosts& operator=(const GeneratedHosts&) = delete;

    const std::vector<Region>& regions() const { return regions_; }
    const std::filesystem::path& dir() const { return dir_.path(); }

    // README.txt's steps 1 and 2: every nats-server from its unit's ExecStart, then each one's meta leader
    // and /healthz 200. False (with the logs in `why`) when one does not get there in time.
    bool startServers(std::chrono::milliseconds timeout, std::string& why);
    // Steps 3 and 4: the nodes in region order from mmo-node@.service's ExecStart, each until /readyz 200.
    // `nodeEnv` goes on top of the inherited environment (the generated files stay as they are).
    bool startNodes(std::chrono::milliseconds timeout, const std::map<std::string, std::string>& nodeEnv,
                    std::string& why);

    // SIGKILL to the region's nats-server; true once the process has ended (reaped).
    bool killServer(const Region& region);
    // The same command again, on the same files and store; true once it is ready (meta leader, /healthz).
    bool restartServer(const Region& region, std::chrono::milliseconds timeout);

    // The region whose server leads GLOBAL_EVENTS (asked from every live server's /jsz); null when none.
    const Region* streamLeader();

    // POSTs `count` BlockEvents at (first..first+count-1, row) to the region's node over its host's
    // loopback; the changes it acknowledged (202).
    std::vector<AckedChange> sendChanges(const Region& region, int row, int first, int count);
    // GET /api/world/block's block_type on the region's node ("" when it does not answer).
    std::string blockType(const Region& region, int x, int y);
    // A metric of the region's node (-1 when absent or not answering).
    double metric(const Region& region, const std::string& name,
                  const std::map<std::string, std::string>& labels = {});

    // GET /api/sync/status's nats.server: the server the node is connected to ("" when it does not answer).
    std::string natsServer(const Region& region);

    // `mmoctl verify-sync --nodes <every node's URL>` run on `from`'s host: exit code and output.
    std::pair<int, std::string> verifySync(const Region& from, const std::string& timeout);

    // The logs of every server and node, for failure messages.
    std::string logs() const;

  private:
    std::unique_ptr<ChildProcess> startOnHost(const Region& region, std::vector<std::string> command,
                                              const std::string& name, const ChildEnvironment& env);
    std::vector<std::string> execStart(const std::string& unitFile, const std::string& instance) const;
    bool serverReady(const Region& region);

    TestNetwork& network_;
    TempDir dir_;
    std::filesystem::path deploy_;
    std::filesystem::path logs_;
    std::vector<Region> regions_;
    std::map<std::string, std::unique_ptr<ChildProcess>> servers_;  // by region id
    std::map<std::string, std::unique_ptr<ChildProcess>> nodes_;
    std::map<std::string, int> launches_;
};

}  // namespace mmo::test::multihost
