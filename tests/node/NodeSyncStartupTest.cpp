// mmo-node processes and the event bus at start: the guide's log lines, NATS unreachable (serve and
// retry, or exit 3 with --require-nats), and readiness once NATS is there.
#include <gtest/gtest.h>

#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;

std::filesystem::path nodeBinary() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmo-node";
}

class NodeSyncStartup : public ::testing::Test {
  protected:
    TempDir dir_{"node-sync-startup"};
};

// With NATS reachable the node logs the guide's SyncManager line and becomes ready.
TEST_F(NodeSyncStartup, LogsGuideLineAndBecomesReady) {
    NatsServerProcess nats(dir_.path() / "nats", dir_.path());
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_URL", nats.url());
    NodeProcess node(nodeBinary(), {}, env, dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    EXPECT_NE(node.log().find("🔄 SyncManager initialized: region=eu-west-1, batch=100, flush=3s"),
              std::string::npos)
        << node.log();
    EXPECT_TRUE(waitUntil([&] { return httpGet(node.ports().rest, "/readyz").status == 200; }, 10s));
}

// NATS unreachable at start: the guide's error and a hint, and the node keeps serving.
TEST_F(NodeSyncStartup, UnreachableNatsIsLoggedAndNodeServes) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto log = node.log();
    EXPECT_NE(log.find("❌ Failed to initialize JetStreamBus: nats connect: connection refused"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("GAME_EVENTBUS_URL"), std::string::npos) << log;
    EXPECT_EQ(httpGet(node.ports().rest, "/healthz").status, 200);
    EXPECT_EQ(httpGet(node.ports().rest, "/readyz").status, 503);
}

// With --require-nats an unreachable NATS is fatal: exit 3 with the error and the hint.
TEST_F(NodeSyncStartup, RequireNatsExitsThree) {
    ChildProcess node(nodeBinary(), {"--require-nats"}, nodeEnvironment(), dir_.path(), "node", dir_.path());
    const auto code = node.waitExit(20s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 3);
    EXPECT_NE(node.stderrText().find("Failed to initialize JetStreamBus: nats connect: connection refused"),
              std::string::npos)
        << node.stderrText();
    EXPECT_NE(node.stderrText().find("hint:"), std::string::npos);
    // Logged once, not once by the sync layer and again by main.
    const std::string text = node.stderrText();
    const std::string line = "Failed to initialize JetStreamBus";
    const auto first = text.find(line);
    EXPECT_EQ(text.find(line, first + 1), std::string::npos) << text;
}

// A node started before NATS connects in the background once NATS comes up, and becomes ready.
TEST_F(NodeSyncStartup, ConnectsWhenNatsComesUpLater) {
    // Learn a free client port from a first server, stop it, start the node against that port.
    NatsServerProcess nats(dir_.path() / "nats", dir_.path());
    nats.stop();
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_URL", nats.url());
    NodeProcess node(nodeBinary(), {}, env, dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    EXPECT_EQ(httpGet(node.ports().rest, "/readyz").status, 503);
    nats.restart();
    EXPECT_TRUE(waitUntil([&] { return httpGet(node.ports().rest, "/readyz").status == 200; }, 20s))
        << node.log();
}

// Two nodes sharing a data dir: the second exits 3 naming the directory.
TEST_F(NodeSyncStartup, SharedDataDirIsRefused) {
    auto env = nodeEnvironment();
    env.set("GAME_STORAGE_DATA_DIR", (dir_.path() / "shared").string());
    NodeProcess first(nodeBinary(), {}, env, dir_.path(), "first");
    ASSERT_TRUE(first.waitReady()) << first.log();
    ChildProcess second(nodeBinary(), {}, env, dir_.path(), "second", dir_.path());
    const auto code = second.waitExit(20s);
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 3);
    EXPECT_NE(second.stderrText().find("is in use by another mmo-node"), std::string::npos)
        << second.stderrText();
    EXPECT_EQ(httpGet(first.ports().rest, "/healthz").status, 200);
}

}  // namespace
}  // namespace mmo::test
