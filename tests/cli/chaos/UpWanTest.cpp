// The real mmoctl up --wan with mmo-node and nats-server: the nodes sync through the chaos proxy, a
// partitioned region stops receiving and converges after heal, and down stops the proxy too.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli/MmoctlHarness.hpp"

namespace mmo::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Bases far from the other mmoctl tests' offsets (11000 and up): the proxy adds ports 5222+i and 9222.
constexpr int kSyncBase = 3500;
constexpr int kRefuseBase = 3700;

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string blockEvent(int x) {
    return R"({"x":)" + std::to_string(x) + R"(,"y":7,"block_type":"stone"})";
}

// Three regions through the proxy: sync works, a blackholed region misses an event while the others get
// it, heal lets everything converge, down stops the proxy with the rest.
TEST(MmoctlUpWan, RegionsSyncThroughTheProxyAndAPartitionHoldsOneBack) {
    MmoctlHarness h(kSyncBase);
    const int offset = h.freeOffset();
    const auto up = h.run({"up", "--regions=eu,us,ap", "--detach", h.stateDirArg(),
                           "--port-offset=" + std::to_string(offset), "--wan=eu=20ms,us=20ms,ap=60ms",
                           "--wan-jitter=5ms", "--wan-rate=ap=4mbit"});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    EXPECT_NE(up.out.find("chaos proxy: control http://127.0.0.1:" + std::to_string(9222 + offset)),
              std::string::npos)
        << up.out;
    EXPECT_NE(up.out.find("ap-south-1: 127.0.0.1:" + std::to_string(5224 + offset) +
                          "  latency 60ms, jitter 5ms, rate 4mbit"),
              std::string::npos)
        << up.out;
    const auto state = h.state();
    ASSERT_TRUE(state && state->chaos);
    EXPECT_EQ(state->chaos->controlPort, 9222 + offset);
    // The control token is created with the set, readable by its user only (the chaos commands below use it).
    EXPECT_EQ(fs::status(cli::chaosTokenPath(h.stateDir())).permissions(),
              fs::perms::owner_read | fs::perms::owner_write);
    ASSERT_EQ(state->chaos->links.size(), 3u);
    EXPECT_EQ(state->chaos->links[1].listenPort, 5223 + offset);
    EXPECT_EQ(state->chaos->links[1].upstreams,
              std::vector<std::string>{"127.0.0.1:" + std::to_string(4222 + offset)});
    EXPECT_NE(slurp(state->regions[2].configFile)
                  .find("url: \"nats://127.0.0.1:" + std::to_string(5224 + offset) + "\""),
              std::string::npos);
    const int chaosPid = state->chaos->process.pid;
    ASSERT_TRUE(pidRunning(chaosPid));

    const auto status = h.run({"status", h.stateDirArg()});
    EXPECT_EQ(status.code, 0);
    EXPECT_NE(status.out.find("chaos proxy  pid " + std::to_string(chaosPid)), std::string::npos)
        << status.out;
    const auto links = h.run({"chaos", "status", "--json", h.stateDirArg()});
    ASSERT_EQ(links.code, 0) << links.err;
    const auto linkArray = boost::json::parse(links.out).at("links").as_array();
    ASSERT_EQ(linkArray.size(), 3u);
    EXPECT_EQ(linkArray[2].at("latency_ms").to_number<int>(), 60);
    EXPECT_EQ(linkArray[0].at("connections").to_number<int>(), 1);  // each node's NATS connection

    const auto first = h.run(
        {"send-event", "--region=eu", "--data=" + blockEvent(1), "--wait", "--timeout=30s", h.stateDirArg()});
    ASSERT_EQ(first.code, 0) << first.out << first.err;

    const auto cut = h.run({"chaos", "partition", "--region=ap", h.stateDirArg()});
    ASSERT_EQ(cut.code, 0) << cut.err;
    const auto missed = h.run(
        {"send-event", "--region=eu", "--data=" + blockEvent(2), "--wait", "--timeout=4s", h.stateDirArg()});
    EXPECT_EQ(missed.code, 1) << missed.out << missed.err;
    EXPECT_NE(missed.out.find("us-east-1: applied after"), std::string::npos) << missed.out;
    EXPECT_NE(missed.out.find("ap-south-1: not applied within 4s"), std::string::npos) << missed.out;
    EXPECT_EQ(h.run({"verify-sync", "--timeout=1s", h.stateDirArg()}).code, 1);

    const auto heal = h.run({"chaos", "heal", h.stateDirArg()});
    ASSERT_EQ(heal.code, 0) << heal.err;
    const auto verified = h.run({"verify-sync", "--timeout=30s", h.stateDirArg()});
    EXPECT_EQ(verified.code, 0) << verified.out << verified.err;

    const auto logs = h.run({"logs", "chaos", h.stateDirArg()});
    EXPECT_EQ(logs.code, 0);
    EXPECT_NE(logs.out.find("link ap-south-1: partitioned (blackhole)"), std::string::npos) << logs.out;
    EXPECT_NE(logs.out.find("link ap-south-1: healed"), std::string::npos) << logs.out;

    const auto pids = statePids(*state);
    const auto down = h.run({"down", h.stateDirArg()});
    EXPECT_EQ(down.code, 0) << down.err;
    EXPECT_NE(down.out.find("stopped chaos (pid " + std::to_string(chaosPid) + ")"), std::string::npos)
        << down.out;
    for (const int pid : pids) EXPECT_FALSE(pidRunning(pid)) << pid;
    EXPECT_FALSE(h.state());
}

// Bad --wan specs are usage errors naming the token with an example; nothing is started or written.
TEST(MmoctlUpWan, BadWanSpecsAreUsageErrorsAndNothingStarts) {
    MmoctlHarness h(kRefuseBase);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"--wan=eu=40ms,mars=40ms", "--wan: \"mars=40ms\": region \"mars\" is not one of the regions"},
        {"--wan-rate=ap=512kbps", "--wan-rate: \"ap=512kbps\""},
        {"--wan=eu=-5ms", "--wan: \"eu=-5ms\""},
        {"--wan-jitter=eu=5", "give a unit, e.g. 5ms"},
    };
    for (const auto& [flag, message] : cases) {
        const auto up = h.run({"up", "--regions=eu,us,ap", "--detach", h.stateDirArg(), flag});
        EXPECT_EQ(up.code, 2) << flag << "\n" << up.err;
        EXPECT_NE(up.err.find(message), std::string::npos) << up.err;
        EXPECT_NE(up.err.find("example: "), std::string::npos) << up.err;
        EXPECT_FALSE(h.state());
        EXPECT_FALSE(fs::exists(h.stateDir() / "logs"));
    }
}

// A set without the proxy: chaos commands say so (exit 3), and --wan cannot be added to it (exit 2).
TEST(MmoctlUpWan, ChaosCommandsNeedASetWithTheProxy) {
    MmoctlHarness h(kRefuseBase);
    ASSERT_EQ(h.run({"up", "--regions=eu", "--detach", h.stateDirArg(),
                     "--port-offset=" + std::to_string(h.freeOffset(1))})
                  .code,
              0);
    const auto status = h.run({"chaos", "status", h.stateDirArg()});
    EXPECT_EQ(status.code, 3);
    EXPECT_NE(status.err.find("runs without the chaos proxy"), std::string::npos) << status.err;
    const auto add = h.run({"up", "--detach", h.stateDirArg(), "--wan=40ms"});
    EXPECT_EQ(add.code, 2);
    EXPECT_NE(add.err.find("mmoctl down, then mmoctl up --wan"), std::string::npos) << add.err;
}

}  // namespace
}  // namespace mmo::test
