#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/node/LoopbackSocket.hpp"
#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/NodeProcess.hpp"

// Issue 16 item 2 against a real mmo-node: a chunked request whose chunk-size line carries an endless
// chunk extension, or whose trailer section never ends, is refused once it passes the header limit
// instead of being buffered until the deadline (docs/security.md, "HTTP").
namespace mmo::test {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kPiece = 64 * 1024;
constexpr std::size_t kMaxSent = 8 * 1024 * 1024;  // what an unbounded buffer would have taken in

// VmRSS of the process in bytes (0 when unreadable).
std::uint64_t residentBytes(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
    return 0;
}

// Sends `head`, then `filler` in 64 KiB pieces until the node closes the connection or 8 MiB went out;
// returns how many filler bytes were sent and what the node answered. The count includes what loopback's
// socket buffers (a few MiB) took in after the node stopped reading; the node's own bound shows in its
// answer (413) and its resident memory.
std::pair<std::size_t, HttpResult> flood(std::uint16_t port, const std::string& head, char filler) {
    LoopbackSocket socket(port);
    EXPECT_TRUE(socket.connected());
    socket.send(head);
    const std::string piece(kPiece, filler);
    std::size_t sent = 0;
    while (sent < kMaxSent && !socket.closedByPeer()) {
        socket.send(piece);
        sent += piece.size();
    }
    return {sent, socket.exchange("")};
}

class HttpBufferingTest : public ::testing::Test {
  protected:
    TempDir dir_{"mmo-http-buffering"};
};

// The endless chunk extension and the endless trailer, on the REST and the metrics port: each is answered
// 413 and closed long before 8 MiB went out; the node does not grow; it keeps serving.
TEST_F(HttpBufferingTest, EndlessChunkExtensionAndTrailerAreRefusedNotBuffered) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto before = residentBytes(node.process().pid());
    const std::string chunked =
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    for (const auto port : {node.ports().rest, node.ports().metrics}) {
        const auto [extensionBytes, extension] = flood(port, chunked + "5;ext=", 'a');
        EXPECT_LT(extensionBytes, kMaxSent) << "the node kept reading an endless chunk extension";
        EXPECT_EQ(extension.status, 413) << extension.raw.substr(0, 200);

        const auto [trailerBytes, trailer] = flood(port, chunked + "0\r\n", 'b');
        EXPECT_LT(trailerBytes, kMaxSent) << "the node kept reading an endless trailer";
        EXPECT_EQ(trailer.status, 413) << trailer.raw.substr(0, 200);
    }
    const auto after = residentBytes(node.process().pid());
    EXPECT_LT(after, before + 32u * 1024 * 1024) << "resident memory grew from " << before << " to " << after;
    EXPECT_EQ(httpGetFrom("127.0.0.2", node.ports().rest, "/healthz").status, 200);
    EXPECT_EQ(httpGetFrom("127.0.0.2", node.ports().metrics, "/metrics").status, 200);
}

}  // namespace
}  // namespace mmo::test
