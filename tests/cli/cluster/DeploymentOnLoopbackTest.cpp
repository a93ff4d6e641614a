// The files of `mmoctl config generate --hosts ...` used as they are: every nats-server config passes
// `nats-server -t`, the units pass `systemd-analyze verify`, and the generated supercluster runs on this
// machine with three real nodes that converge.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/cli/cluster/ClusterProbe.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::vector<std::string> kRegions{"eu-west-1", "us-east-1", "ap-south-1"};

// Runs a command line through the shell: its exit status and output (stdout and stderr).
std::pair<int, std::string> shell(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return {-1, ""};
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::vector<std::string> generateArgs(const MmoctlHarness& h, const std::string& out,
                                      const std::string& hosts, const std::string& topology, int offset) {
    return {"config", "generate", "--regions=eu,us,ap", "--hosts=" + hosts, topology,
            "--port-offset=" + std::to_string(offset), "--out=" + (h.dir().path() / out).string(),
            "--etc-dir=" + (h.dir().path() / out).string(), "--var-dir=" + (h.dir().path() / "var").string(),
            // The build dir holds bin/mmo-node, so the node unit's ExecStart names a real file.
            "--prefix=" + fs::path(MMO_BIN_DIR).parent_path().string()};
}

// Every generated nats-server config of both topologies passes `nats-server -t`, and every unit passes
// `systemd-analyze verify` where systemd's tools are installed.
TEST(MmoctlDeployment, GeneratedNatsConfigsAndUnitsPassTheirCheckers) {
    MmoctlHarness h(12000);
    const std::string hosts = "eu=eu1.example.net,us=us1.example.net,ap=ap1.example.net";
    for (const std::string topology : {"--nats-supercluster", "--nats-cluster"}) {
        const auto out = topology.substr(2);
        const auto generated = h.run(generateArgs(h, out, hosts, topology, 0));
        ASSERT_EQ(generated.code, 0) << generated.out << generated.err;
        for (const auto& region : kRegions) {
            const auto conf = h.dir().path() / out / ("nats-" + region + ".conf");
            const auto [code, text] = shell(natsServerBinary().string() + " -t -c " + conf.string());
            EXPECT_EQ(code, 0) << conf << ":\n" << text;
            EXPECT_NE(text.find("is valid"), std::string::npos) << text;
        }
        if (shell("command -v systemd-analyze").first != 0) continue;
        const auto dir = h.dir().path() / out;
        const auto [code, text] = shell("systemd-analyze verify " + (dir / "mmo-node@.service").string() +
                                        " " + (dir / "nats-server-eu-west-1.service").string() + " " +
                                        (dir / "nats-server-ap-south-1.service").string());
        EXPECT_EQ(code, 0) << text;
    }
}

// The generated supercluster on loopback (hosts 127.0.0.1-3, one port slot per region): three one-server
// clusters joined by gateways, three nodes on the generated configs; the stream lives in the first
// region's cluster and every region converges on what every region wrote.
TEST(MmoctlDeployment, GeneratedSuperclusterConvergesOnLoopback) {
    MmoctlHarness h(12100);
    const int offset = h.freeOffset(3, 3);
    const auto generated = h.run(
        generateArgs(h, "deploy", "eu=127.0.0.1,us=127.0.0.2,ap=127.0.0.3", "--nats-supercluster", offset));
    ASSERT_EQ(generated.code, 0) << generated.out << generated.err;
    const auto deploy = h.dir().path() / "deploy";

    std::vector<std::unique_ptr<ChildProcess>> servers;
    for (const auto& region : kRegions)
        servers.push_back(std::make_unique<ChildProcess>(
            natsServerBinary(),
            std::vector<std::string>{"-c", (deploy / ("nats-" + region + ".conf")).string()},
            ChildEnvironment::inherited(), h.dir().path(), "nats-" + region));
    for (int i = 0; i < 3; ++i) {
        const auto monitor = static_cast<std::uint16_t>(8222 + i + offset);
        ASSERT_TRUE(waitUntil([&] { return natsClusterReady(monitor) || !servers[i]->running(); }, 45s) &&
                    servers[i]->running())
            << kRegions[i] << " NATS not ready:\n"
            << servers[i]->stderrText();
    }

    // The generated configs as they are; only the flush is shortened so the test does not wait 3 s a batch.
    auto env = ChildEnvironment::inherited();
    env.set("GAME_SYNC_FLUSH_EVERY_SECONDS", "0.1");
    std::vector<std::unique_ptr<NodeProcess>> nodes;
    for (const auto& region : kRegions) {  // in order: eu creates the stream, in its cluster
        nodes.push_back(std::make_unique<NodeProcess>(
            fs::path(MMO_BIN_DIR) / "mmo-node",
            std::vector<std::string>{"--config", (deploy / ("config-" + region + ".yml")).string()}, env,
            h.dir().path(), region));
        auto& node = *nodes.back();
        ASSERT_TRUE(node.waitReady()) << node.log();
        ASSERT_TRUE(waitUntil([&] { return httpGet(node.ports().rest, "/readyz").status == 200; }, 30s))
            << node.log();
    }
    EXPECT_EQ(nodes[1]->ports().rest, 8089 + offset);  // the generated ports, not picked ones
    // The stream lives in the first region's cluster. The server's monitoring view (/jsz) can miss a stream
    // for a moment after it was created (CI saw one empty answer): ask until it names a cluster.
    const auto euMonitor = static_cast<std::uint16_t>(8222 + offset);
    std::string streamCluster;
    EXPECT_TRUE(waitUntil(
        [&] {
            streamCluster = streamClusterOn(euMonitor, "GLOBAL_EVENTS");
            return !streamCluster.empty();
        },
        10s))
        << "eu's /jsz never showed GLOBAL_EVENTS:\n"
        << httpGet(euMonitor, "/jsz?streams=true").body;
    EXPECT_EQ(streamCluster, "eu-west-1");

    std::vector<AckedChange> written;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        ChangeWriter writer(nodes[i]->ports().rest, 1000 + static_cast<int>(i));
        ASSERT_TRUE(waitUntil([&] { return writer.acked() >= 25; }, 30s)) << nodes[i]->log();
        writer.stop();
        for (auto& b : writer.ackedChanges()) written.push_back(b);
    }
    const auto converged = [&] {
        const auto first = worldDigest(nodes[0]->ports().rest);
        for (auto& node : nodes)
            if (first.empty() || worldDigest(node->ports().rest) != first) return false;
        for (auto& node : nodes)
            if (!hasAllBlocks(node->ports().rest, written)) return false;
        return true;
    };
    EXPECT_TRUE(waitUntil(converged, 30s)) << nodes[0]->log() << nodes[1]->log() << nodes[2]->log();
}

}  // namespace
}  // namespace mmo::test
