#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <csignal>
#include <sstream>

#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NodeProcess.hpp"

namespace mmo::test {
namespace {

// A connected TCP socket to 127.0.0.1:port with a receive timeout, closed on destruction.
class Connection {
  public:
    explicit Connection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        timeval tv{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~Connection() { ::close(fd_); }
    bool connected() const { return connected_; }
    void send(const std::string& data) const { ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL); }
    // Bytes received, 0 on EOF, -1 on error or timeout.
    ssize_t receive() const {
        char buffer[4096];
        return ::recv(fd_, buffer, sizeof buffer, 0);
    }

  private:
    int fd_;
    bool connected_ = false;
};

class NodeProcessTest : public ::testing::Test {
  protected:
    TempDir dir_{"mmo-node-test"};
};

// A node on ports 0 without NATS is alive but not ready, and /api/status shows the ports it bound.
TEST_F(NodeProcessTest, ServesHealthReadinessAndStatus) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto& ports = node.ports();

    const auto health = httpGet(ports.rest, "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, "{\"status\":\"ok\"}\n");
    EXPECT_EQ(health.headers.at("content-type"), "application/json");
    const auto ready = httpGet(ports.rest, "/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_EQ(ready.body, "{\"ready\":false,\"reason\":\"not connected to NATS\"}\n");

    const auto status = boost::json::parse(httpGet(ports.rest, "/api/status").body).as_object();
    EXPECT_EQ(status.at("region").as_string(), "eu-west-1");
    EXPECT_EQ(status.at("version").as_string(), "0.1.0");
    EXPECT_GE(status.at("uptime_seconds").as_int64(), 0);
    const auto& bound = status.at("ports").as_object();
    EXPECT_EQ(bound.at("tcp").as_int64(), ports.tcp);
    EXPECT_EQ(bound.at("udp").as_int64(), ports.udp);
    EXPECT_EQ(bound.at("rest").as_int64(), ports.rest);
    EXPECT_EQ(bound.at("metrics").as_int64(), ports.metrics);
    EXPECT_NE(ports.tcp, 0);
    EXPECT_NE(ports.udp, 0);

    EXPECT_NE(node.log().find("mmo-node 0.1.0 starting: region=eu-west-1, config=built-in defaults"),
              std::string::npos);
    EXPECT_EQ(httpGet(ports.rest, "/nope").status, 404);
}

// GET /metrics on the metrics port serves build_info in the Prometheus text format.
TEST_F(NodeProcessTest, MetricsServeBuildInfo) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto metrics = httpGet(node.ports().metrics, "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.headers.at("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
    EXPECT_NE(metrics.body.find("# HELP build_info "), std::string::npos);
    EXPECT_NE(metrics.body.find("# TYPE build_info gauge"), std::string::npos);
    EXPECT_NE(metrics.body.find("build_info{version=\"0.1.0\",region=\"eu-west-1\"} 1"), std::string::npos);
    // The REST port does not serve metrics, nor the metrics port REST.
    EXPECT_EQ(httpGet(node.ports().rest, "/metrics").status, 404);
    EXPECT_EQ(httpGet(node.ports().metrics, "/healthz").status, 404);
}

// Garbage on the game ports is harmless: a frame declaring a 4 GiB length gets the connection closed
// (after a typed error), a stray UDP datagram is dropped, and the node keeps serving.
TEST_F(NodeProcessTest, GameListenersRejectGarbage) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    Connection game(node.ports().tcp);
    ASSERT_TRUE(game.connected());
    game.send(std::string(4, '\xff'));
    ssize_t received = 1;
    for (int reads = 0; received > 0 && reads < 100; ++reads) received = game.receive();
    EXPECT_EQ(received, 0);  // closed by the node

    const int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(node.ports().udp);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    const std::string datagram = "hello";
    EXPECT_EQ(::sendto(udp, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&address),
                       sizeof address),
              static_cast<ssize_t>(datagram.size()));
    ::close(udp);
    EXPECT_EQ(httpGet(node.ports().rest, "/healthz").status, 200);
}

// SIGTERM: the shutdown line, then exit 0, even with an idle keep-alive connection open.
TEST_F(NodeProcessTest, SigtermShutsDownCleanly) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    Connection idle(node.ports().rest);
    idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_GT(idle.receive(), 0);  // answered; the connection stays open (keep-alive)

    const auto before = std::chrono::steady_clock::now();
    node.process().sendSignal(SIGTERM);
    EXPECT_EQ(node.process().waitExit(kExitTimeout), 0) << node.log();
    // Closed by the node, not by the grace deadline.
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(4));
    EXPECT_NE(node.log().find("Shutting down (signal SIGTERM)"), std::string::npos) << node.log();
    EXPECT_EQ(idle.receive(), 0);
}

// SIGINT (Ctrl-C) behaves like SIGTERM.
TEST_F(NodeProcessTest, SigintShutsDownCleanly) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    node.process().sendSignal(SIGINT);
    EXPECT_EQ(node.process().waitExit(kExitTimeout), 0) << node.log();
    EXPECT_NE(node.log().find("Shutting down (signal SIGINT)"), std::string::npos) << node.log();
}

// The guide's name, mmo-server, is a link to the same binary and runs the same node.
TEST_F(NodeProcessTest, MmoServerLinkRunsTheNode) {
    ASSERT_TRUE(std::filesystem::is_symlink(serverLink()));
    EXPECT_EQ(std::filesystem::read_symlink(serverLink()), "mmo-node");
    NodeProcess node(serverLink(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    EXPECT_EQ(httpGet(node.ports().rest, "/healthz").status, 200);
}

// log.format json makes every log line a JSON object.
TEST_F(NodeProcessTest, JsonLogFormat) {
    NodeProcess node(nodeBinary(), {"--set", "log.format=json"}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    node.process().sendSignal(SIGTERM);
    ASSERT_EQ(node.process().waitExit(kExitTimeout), 0);
    std::istringstream lines(node.log());
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) {
        boost::system::error_code error;
        const auto value = boost::json::parse(line, error);
        ASSERT_FALSE(error) << line;
        EXPECT_TRUE(value.as_object().contains("msg")) << line;
        EXPECT_TRUE(value.as_object().contains("level")) << line;
    }
    EXPECT_GE(count, 4);
}

// An unknown flag is a usage error: exit 2, CLI11's message and the help hint.
TEST_F(NodeProcessTest, UnknownFlagExits2) {
    const auto result = runNode(dir_, {"--frobnicate"}, nodeEnvironment());
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--frobnicate"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("run mmo-node --help"), std::string::npos) << result.err;
}

// --version prints the version and exits 0.
TEST_F(NodeProcessTest, VersionFlag) {
    const auto result = runNode(dir_, {"--version"}, nodeEnvironment());
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_NE(result.out.find("0.1.0"), std::string::npos);
}

}  // namespace
}  // namespace mmo::test
