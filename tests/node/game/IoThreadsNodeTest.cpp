// server.io_threads on a real mmo-node: the game port is served by that many named threads (0: one per CPU
// of the node's affinity mask), players are served and the node shuts down cleanly with them.
#include <gtest/gtest.h>
#include <sched.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "common/gameclient/BlockingGameClient.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using namespace mmo::game;
using gameclient::BlockingGameClient;

std::filesystem::path nodeBinary() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmo-node";
}

// The threads of `pid` whose name (/proc/<pid>/task/<tid>/comm) starts with "mmo-game-".
std::size_t gameThreads(pid_t pid) {
    std::size_t count = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name.rfind("mmo-game-", 0) == 0) ++count;
    }
    return count;
}

// Runs `start` with this thread's CPU affinity narrowed to one CPU (a child inherits it), then restores it.
template <typename Start>
auto onOneCpu(Start start) {
    cpu_set_t before;
    CPU_ZERO(&before);
    sched_getaffinity(0, sizeof(before), &before);
    int first = 0;
    while (!CPU_ISSET(first, &before)) ++first;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    sched_setaffinity(0, sizeof(one), &one);
    auto result = start();
    sched_setaffinity(0, sizeof(before), &before);
    return result;
}

class IoThreadsNode : public ::testing::Test {
  protected:
    TempDir dir_{"mmo-io-threads"};
};

TEST_F(IoThreadsNode, ThreeThreadsServePlayersAndStopCleanly) {
    NodeProcess node(nodeBinary(), {"--server.io_threads", "3"}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    EXPECT_EQ(gameThreads(node.process().pid()), 3u);
    EXPECT_NE(node.log().find("Game server runs on 3 I/O threads (server.io_threads: 3)"), std::string::npos)
        << node.log();

    gameclient::ClientOptions options;
    options.tcpPort = node.ports().tcp;
    options.udpPort = node.ports().udp;
    std::vector<std::unique_ptr<BlockingGameClient>> players;
    for (int p = 0; p < 6; ++p) {
        players.push_back(std::make_unique<BlockingGameClient>(options));
        players.back()->joinAsGuest("p" + std::to_string(p));
    }
    for (int p = 0; p < 6; ++p) players[p]->client().send(Ping{static_cast<std::uint64_t>(p + 1)});
    for (auto& player : players) EXPECT_TRUE(player->waitFor<Pong>());
    EXPECT_EQ(httpGet(node.ports().metrics, "/metrics").status, 200);
    EXPECT_EQ(httpGet(node.ports().rest, "/healthz").status, 200);

    // SIGTERM with players online: each is told, and the node exits 0 within the shutdown grace.
    node.process().sendSignal(SIGTERM);
    for (auto& player : players) EXPECT_TRUE(player->waitFor<gameclient::Disconnected>({}, 10s));
    const auto code = node.process().waitExit(15s);
    ASSERT_TRUE(code.has_value()) << node.log();
    EXPECT_EQ(*code, 0) << node.log();
    EXPECT_NE(node.log().find("Shutdown complete"), std::string::npos) << node.log();
    EXPECT_EQ(node.log().find("work still pending"), std::string::npos) << node.log();
}

// The default, 0, counts the CPUs the node may run on: started on one CPU, it runs one game thread.
TEST_F(IoThreadsNode, ZeroMeansOnePerCpuOfTheAffinityMask) {
    auto node = onOneCpu([&] {
        return std::make_unique<NodeProcess>(nodeBinary(), std::vector<std::string>{}, nodeEnvironment(),
                                             dir_.path());
    });
    ASSERT_TRUE(node->waitReady()) << node->log();
    EXPECT_EQ(gameThreads(node->process().pid()), 1u);
    EXPECT_NE(node->log().find("Game server runs on 1 I/O thread (server.io_threads: 0)"), std::string::npos)
        << node->log();
}

}  // namespace
}  // namespace mmo::test
