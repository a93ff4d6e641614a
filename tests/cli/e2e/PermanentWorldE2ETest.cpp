// The permanent world through mmoctl, with real binaries: a region added to a running set after the
// stream was purged converges from checkpoints; without checkpoints it says its world is incomplete and
// `mmoctl repair` completes it; a batch deleted before one region consumed it is found by
// `verify-sync --deep` and repaired.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "cli/state/StateFile.hpp"
#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/JetStreamAdmin.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kStream = "GLOBAL_EVENTS";

class PermanentWorldE2E : public ::testing::Test {
  protected:
    // `mmoctl up -d` of `regions` (the set's port offset leaves room for a fourth region).
    void up(const std::string& regions, const ChildEnvironment& env, int expectedCode = 0) {
        std::vector<std::string> args{"up", "--regions=" + regions, "--detach", h_.stateDirArg(),
                                      "--timeout=30s"};
        if (!offset_) {
            offset_ = h_.freeOffset(4);
            args.push_back("--port-offset=" + std::to_string(offset_));
        }
        last_ = h_.run(args, 90s, env);
        ASSERT_EQ(last_.code, expectedCode) << last_.out << last_.err;
    }
    const cli::RegionRecord& region(const std::string& id) const {
        state_ = h_.state();
        return *cli::findRegion(*state_, id);
    }
    std::string natsUrl() const { return h_.state()->nats.url; }
    MmoctlResult mmoctl(const std::vector<std::string>& args) {
        auto all = args;
        all.push_back(h_.stateDirArg());
        return h_.run(all, 90s);
    }
    void fill(const std::string& regionAlias, int y) {
        const auto sent = mmoctl({"send-event", "--region=" + regionAlias, "--type=FillEvent",
                                  "--data={\"x1\":0,\"y1\":" + std::to_string(y) + ",\"x2\":99,\"y2\":" +
                                      std::to_string(y + 9) + ",\"block_type\":\"stone\"}"});
        ASSERT_EQ(sent.code, 0) << sent.out << sent.err;
    }
    double metric(const cli::RegionRecord& r, const std::string& name) const {
        const auto body = httpGet(static_cast<std::uint16_t>(r.metricsPort), "/metrics").body;
        const auto at = body.find("\n" + name + " ");
        return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
    }

    // SIGTERM (a clean stop: it saves its snapshot) and wait until it has ended.
    void stopRegion(const std::string& id) {
        const int pid = region(id).process.pid;
        ASSERT_EQ(::kill(pid, SIGTERM), 0);
        ASSERT_TRUE(waitUntil([&] { return !pidRunning(pid); }, 20s));
    }

    // Each test searches for free ports from its own base: ctest -j runs this suite's tests at the same
    // time, and two searches from one base pick the same ports.
    static int offsetBase() {
        const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        const std::vector<std::string> tests{"AFourthRegionJoinsAfterThePurge",
                                             "WithoutCheckpointsTheNewRegionIsIncompleteUntilRepaired",
                                             "DeepVerifyFindsTheChunkOfADeletedBatchAndRepairFixesIt"};
        const auto at = std::find(tests.begin(), tests.end(), name);
        EXPECT_NE(at, tests.end()) << name << " needs its own port base here";
        return 14000 + 100 * static_cast<int>(at - tests.begin());
    }

    MmoctlHarness h_{offsetBase()};
    int offset_ = 0;
    MmoctlResult last_;
    mutable std::optional<cli::SetState> state_;
};

// `mmoctl up --regions eu,us,ap,sa` on a running set whose stream lost every batch adds a converged sa.
TEST_F(PermanentWorldE2E, AFourthRegionJoinsAfterThePurge) {
    const auto env = ChildEnvironment::inherited().set("GAME_CHECKPOINT_EVERY_SECONDS", "1");
    up("eu,us,ap", env);
    fill("eu", 0);
    fill("us", 10);
    fill("ap", 20);
    ASSERT_EQ(mmoctl({"verify-sync", "--timeout=30s"}).code, 0);
    const auto last = JetStreamAdmin(natsUrl()).counts(kStream).lastSeq;
    ASSERT_TRUE(waitUntil(
        [&] { return metric(region("us-east-1"), "sync_checkpoint_stream_seq") >= double(last); }, 30s));
    JetStreamAdmin(natsUrl()).purge(kStream);

    up("eu,us,ap,sa-east-1", env);
    EXPECT_NE(last_.out.find("started: sa-east-1"), std::string::npos) << last_.out;
    const auto verified = mmoctl({"verify-sync", "--deep", "--timeout=30s"});
    EXPECT_EQ(verified.code, 0) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("sa-east-1"), std::string::npos) << verified.out;
    EXPECT_NE(verified.out.find("deep: all"), std::string::npos) << verified.out;
}

// No checkpoints and a purged stream: the new region runs but is not ready and says why, verify-sync
// exits 1 naming it, and repair completes its world from the others.
TEST_F(PermanentWorldE2E, WithoutCheckpointsTheNewRegionIsIncompleteUntilRepaired) {
    const auto env = ChildEnvironment::inherited().set("GAME_CHECKPOINT_ENABLED", "false");
    up("eu,us", env);
    fill("eu", 0);
    ASSERT_EQ(mmoctl({"verify-sync", "--timeout=30s"}).code, 0);
    JetStreamAdmin(natsUrl()).purge(kStream);

    up("eu,us,ap", env, 1);
    EXPECT_NE(last_.err.find("ap-south-1: HTTP 503: world incomplete: stream messages 1.."),
              std::string::npos)
        << last_.err;
    const auto ready = httpGet(static_cast<std::uint16_t>(region("ap-south-1").restPort), "/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_NE(ready.body.find("world incomplete"), std::string::npos) << ready.body;
    EXPECT_GT(metric(region("ap-south-1"), "sync_world_missing_messages"), 0);

    const auto verified = mmoctl({"verify-sync", "--timeout=2s"});
    EXPECT_EQ(verified.code, 1) << verified.out << verified.err;
    EXPECT_NE(verified.out.find("ap-south-1: world incomplete"), std::string::npos) << verified.out;

    // A restart does not forget it (<data_dir>/world.incomplete).
    stopRegion("ap-south-1");
    up("eu,us,ap", env, 1);
    EXPECT_NE(last_.err.find("world incomplete"), std::string::npos) << last_.err;

    const auto repaired = mmoctl({"repair"});
    EXPECT_EQ(repaired.code, 0) << repaired.out << repaired.err;
    EXPECT_NE(repaired.out.find("ap-south-1: 1000 cells changed"), std::string::npos) << repaired.out;
    EXPECT_EQ(httpGet(static_cast<std::uint16_t>(region("ap-south-1").restPort), "/readyz").status, 200);
    // Nor that it was repaired: the merged cells and the mark are durable.
    stopRegion("ap-south-1");
    up("eu,us,ap", env);
    const auto after = mmoctl({"verify-sync", "--deep", "--timeout=30s"});
    EXPECT_EQ(after.code, 0) << after.out << after.err;
    // Repair is idempotent: a second run finds nothing and changes nothing.
    const auto again = mmoctl({"repair", "--json"});
    EXPECT_EQ(again.code, 0) << again.out << again.err;
    EXPECT_EQ(json::parse(again.out).at("differing_chunks").as_int64(), 0) << again.out;
}

// A batch deleted from the stream while ap was down never reaches ap: verify-sync --deep lists exactly its
// chunk and cells, and repair makes every digest equal again.
TEST_F(PermanentWorldE2E, DeepVerifyFindsTheChunkOfADeletedBatchAndRepairFixesIt) {
    up("eu,us,ap", ChildEnvironment::inherited());
    fill("eu", 0);
    ASSERT_EQ(mmoctl({"verify-sync", "--timeout=30s"}).code, 0);
    const int apPid = region("ap-south-1").process.pid;
    ASSERT_EQ(::kill(apPid, SIGKILL), 0);
    ASSERT_TRUE(waitUntil([&] { return !pidRunning(apPid); }, 10s));
    // One block far from the rest, in chunk (31, 31): its batch is the stream's last message.
    const auto sent =
        mmoctl({"send-event", "--region=eu", "--data={\"x\":1000,\"y\":1000,\"block_type\":\"wood\"}"});
    ASSERT_EQ(sent.code, 0) << sent.out << sent.err;
    const auto us = static_cast<std::uint16_t>(region("us-east-1").restPort);
    ASSERT_TRUE(waitUntil(
        [&] { return httpGet(us, "/api/world/block?x=1000&y=1000").body.find("wood") != std::string::npos; },
        20s));
    JetStreamAdmin admin(natsUrl());
    admin.removeMessage(kStream, admin.counts(kStream).lastSeq);
    up("eu,us,ap", ChildEnvironment::inherited());  // restarts ap

    const auto deep = mmoctl({"verify-sync", "--deep", "--json", "--timeout=3s"});
    EXPECT_EQ(deep.code, 1) << deep.out << deep.err;
    const auto chunks = json::parse(deep.out).at("deep").at("differing_chunks").as_array();
    ASSERT_EQ(chunks.size(), 1u) << deep.out;
    EXPECT_EQ(chunks[0].at("cx").as_int64(), 31);
    EXPECT_EQ(chunks[0].at("cy").as_int64(), 31);
    const auto cells = chunks[0].at("cells").as_array();
    ASSERT_EQ(cells.size(), 1u);
    EXPECT_EQ(cells[0].at("regions").at("ap-south-1"), json::value(nullptr));
    EXPECT_EQ(cells[0].at("regions").at("eu-west-1").at("block_type"), "wood");

    const auto repaired = mmoctl({"repair", "--region=ap"});
    EXPECT_EQ(repaired.code, 0) << repaired.out << repaired.err;
    EXPECT_EQ(mmoctl({"verify-sync", "--deep", "--timeout=30s"}).code, 0);
}

}  // namespace
}  // namespace mmo::test
