#include <gtest/gtest.h>

#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/HeldPort.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NodeProcess.hpp"

namespace mmo::test {
namespace {

class NodePortConflictTest : public ::testing::Test {
  protected:
    // Runs a node whose `envName` port is `port` (others 0) and expects exit 3 with the guide-style
    // message for `service`/`protocol` and a hint naming `key` and `envName`.
    void expectBusyPortFailure(const std::string& envName, std::uint16_t port, const std::string& service,
                               const std::string& protocol, const std::string& key) {
        auto env = nodeEnvironment();
        env.set(envName, std::to_string(port));
        const auto result = runNode(dir_, {}, env);
        const auto p = std::to_string(port);
        EXPECT_EQ(result.exitCode, 3) << result.err;
        EXPECT_NE(result.err.find("[ERROR] ❌ Failed to start " + service + ": listen " + protocol + " :" + p +
                                  ": bind: address already in use"),
                  std::string::npos)
            << result.err;
        EXPECT_NE(
            result.err.find("hint: another process holds " + protocol + " port " + p + "; set " + key +
                            " in the config file or " + envName + " in the environment (0 lets the OS pick)"),
            std::string::npos)
            << result.err;
        // Every port is bound before anything is served: no listener was announced.
        EXPECT_EQ(result.err.find("listening on"), std::string::npos) << result.err;
    }

    TempDir dir_{"mmo-port-test"};
};

// A second node on the first one's REST port exits 3 with the guide's message; the first keeps serving.
TEST_F(NodePortConflictTest, SecondNodeOnSameRestPort) {
    NodeProcess first(nodeBinary(), {}, nodeEnvironment(), dir_.path(), "first");
    ASSERT_TRUE(first.waitReady()) << first.log();
    expectBusyPortFailure("GAME_REST_PORT", first.ports().rest, "REST API", "tcp", "server.rest_port");
    EXPECT_EQ(httpGet(first.ports().rest, "/healthz").status, 200);
    EXPECT_TRUE(first.process().running());
}

// A busy game TCP port fails the start of the game server.
TEST_F(NodePortConflictTest, BusyGameTcpPort) {
    HeldPort held(HeldPort::Kind::Tcp);
    expectBusyPortFailure("GAME_TCP_PORT", held.port(), "game server", "tcp", "server.tcp_port");
}

// A busy game UDP port fails the start of the game server, naming udp.
TEST_F(NodePortConflictTest, BusyGameUdpPort) {
    HeldPort held(HeldPort::Kind::Udp);
    expectBusyPortFailure("GAME_UDP_PORT", held.port(), "game server", "udp", "server.udp_port");
}

// A busy metrics port fails the start of the metrics server.
TEST_F(NodePortConflictTest, BusyMetricsPort) {
    HeldPort held(HeldPort::Kind::Tcp);
    expectBusyPortFailure("GAME_METRICS_PORT", held.port(), "metrics server", "tcp", "server.metrics_port");
}

// A host that is not an address of this machine exits 3 with the OS error and a hint about server.host.
TEST_F(NodePortConflictTest, ForeignHostAddress) {
    auto env = nodeEnvironment();
    env.set("GAME_SERVER_HOST", "192.0.2.1");  // TEST-NET-1: never assigned to a real interface
    const auto result = runNode(dir_, {}, env);
    EXPECT_EQ(result.exitCode, 3) << result.err;
    EXPECT_NE(result.err.find("listen tcp 192.0.2.1:0: bind: cannot assign requested address"),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("hint: server.host \"192.0.2.1\" is not an address of this machine"),
              std::string::npos)
        << result.err;
}

}  // namespace
}  // namespace mmo::test
