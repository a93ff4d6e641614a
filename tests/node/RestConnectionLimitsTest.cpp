#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/node/LoopbackSocket.hpp"
#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/NodeProcess.hpp"

// Issue 16 item 5: idle connections from one address must not take every REST or metrics slot. Real
// mmo-node processes, loopback connections (docs/security.md, "File descriptors and connection limits").
namespace mmo::test {
namespace {

using namespace std::chrono_literals;

constexpr int kPerAddress = 32;  // server.http_max_connections_per_address, the default
constexpr int kFlood = 100;      // idle connections one address opens on each HTTP port

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

class RestConnectionLimitsTest : public ::testing::Test {
  protected:
    TempDir dir_{"mmo-rest-limits"};
};

// 100 idle connections from 127.0.0.1 on the REST port and on the metrics port: each port keeps 32 of them
// and closes the rest at once; another address is served meanwhile; the refusals are logged a few times,
// not once each.
TEST_F(RestConnectionLimitsTest, OneAddressGetsAtMostItsShareOfEachPort) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    for (const auto port : {node.ports().rest, node.ports().metrics}) {
        std::vector<std::unique_ptr<LoopbackSocket>> flood;
        for (int i = 0; i < kFlood; ++i) {
            flood.push_back(std::make_unique<LoopbackSocket>(port, "127.0.0.1"));
            ASSERT_TRUE(flood.back()->connected());
        }
        const auto closedCount = [&] {
            int closed = 0;
            for (auto& socket : flood) closed += socket->closedByPeer() ? 1 : 0;
            return closed;
        };
        EXPECT_TRUE(waitUntil([&] { return closedCount() == kFlood - kPerAddress; }, 5s))
            << "closed by the node: " << closedCount() << " of " << kFlood;
        EXPECT_EQ(httpGetFrom("127.0.0.2", node.ports().rest, "/healthz").status, 200);
        EXPECT_EQ(httpGetFrom("127.0.0.2", node.ports().metrics, "/metrics").status, 200);
        EXPECT_EQ(closedCount(), kFlood - kPerAddress);  // the 32 kept are still open
    }
    const auto log = node.log();
    EXPECT_GE(occurrences(log, "the most one address may hold"), 1u) << log;
    EXPECT_LE(occurrences(log, "the most one address may hold"), 4u) << log;
    EXPECT_NE(log.find("server.http_max_connections_per_address"), std::string::npos) << log;
    // The flood is gone: the address that sent it is served again, and so is a fresh client.
    EXPECT_TRUE(waitUntil([&] { return httpGet(node.ports().rest, "/healthz").status == 200; }, 5s));
    EXPECT_EQ(httpGetFrom("127.0.0.3", node.ports().rest, "/healthz").status, 200);
}

// Connections that do not complete a request within server.http_idle_timeout_seconds are closed: silent
// ones, one that sent half a header, one left idle after its first answer (keep-alive).
TEST_F(RestConnectionLimitsTest, IncompleteRequestsAreClosedAfterTheIdleTimeout) {
    NodeProcess node(nodeBinary(), {"--server.http_idle_timeout_seconds", "1"}, nodeEnvironment(),
                     dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    std::vector<std::unique_ptr<LoopbackSocket>> idle;
    for (int i = 0; i < 10; ++i)
        idle.push_back(std::make_unique<LoopbackSocket>(node.ports().rest, "127.0.0.4"));
    idle[1]->send("GET /healthz HTTP/1.1\r\nHo");
    idle[2]->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");  // answered, then idle (keep-alive)
    const auto start = std::chrono::steady_clock::now();
    for (auto& socket : idle) ASSERT_TRUE(socket->waitClosed(5s));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
    EXPECT_EQ(httpGetFrom("127.0.0.4", node.ports().rest, "/healthz").status, 200);
    EXPECT_EQ(httpGet(node.ports().rest, "/healthz").status, 200);
}

// The whole port: server.http_max_connections from several addresses; beyond it new connections are
// closed, and those held are freed by the idle timeout, after which a fresh client is served.
TEST_F(RestConnectionLimitsTest, TheWholePortIsCappedAndFreedByTheIdleTimeout) {
    NodeProcess node(nodeBinary(),
                     {"--server.http_max_connections", "20", "--server.http_idle_timeout_seconds", "2"},
                     nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    std::vector<std::unique_ptr<LoopbackSocket>> held;
    for (int i = 0; i < 20; ++i)
        held.push_back(
            std::make_unique<LoopbackSocket>(node.ports().rest, "127.0.1." + std::to_string(1 + i % 5)));
    // Wait until all 20 are sessions (an answered request proves the node reached them in order).
    ASSERT_TRUE(waitUntil(
        [&] {
            LoopbackSocket probe(node.ports().rest, "127.0.1.9");
            return probe.waitClosed(200ms);
        },
        5s));
    EXPECT_NE(httpGetFrom("127.0.1.10", node.ports().rest, "/healthz").status, 200);
    EXPECT_TRUE(waitUntil(
        [&] { return httpGetFrom("127.0.1.11", node.ports().rest, "/healthz").status == 200; }, 6s));
    EXPECT_NE(node.log().find("20 connections open, the most it holds"), std::string::npos) << node.log();
}

}  // namespace
}  // namespace mmo::test
