// End to end with real binaries: up (3 regions, own NATS), send-event --wait, verify-sync, a stalled
// region (SIGSTOP) that verify-sync reports as lagging, then recovery after SIGCONT, then down.
#include <gtest/gtest.h>
#include <signal.h>

#include <array>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli/state/StateFile.hpp"
#include "tests/cli/MmoctlHarness.hpp"

namespace {

namespace fs = std::filesystem;

struct Run {
    int exitCode = -1;
    std::string out;
};

// Runs mmoctl with arguments (shell-quoted by the caller); stdout and stderr together.
Run mmoctl(const std::string& arguments) {
    Run result;
    const auto command = std::string(MMO_BIN_DIR) + "/mmoctl " + arguments + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        result.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

class SendAndVerifyE2ETest : public ::testing::Test {
  protected:
    void SetUp() override {
        stateDir_ = fs::temp_directory_path() / ("mmoctl-e2e-" + std::to_string(::getpid()));
        fs::remove_all(stateDir_);
        // Both tests of this file run at the same time under ctest -j2: each searches its own range
        // (with --port-offset auto, both searches found the same free ports and one set answered for
        // the other).
        const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        const int base = test == "EventReachesEveryRegionAndVerifySyncConverges" ? 12400 : 12500;
        const auto up = mmoctl("up --regions eu,us,ap --detach --port-offset " +
                               std::to_string(mmo::test::freePortOffset(base)) + " --state-dir " + dir());
        ASSERT_EQ(up.exitCode, 0) << up.out;
    }
    void TearDown() override {
        if (stopped_) ::kill(*stopped_, SIGCONT);
        const auto down = mmoctl("down --state-dir " + dir());
        EXPECT_EQ(down.exitCode, 0) << down.out;
        fs::remove_all(stateDir_);
    }
    std::string dir() const { return stateDir_.string(); }
    int pidOf(const std::string& region) const {
        const auto state = mmo::cli::readState(stateDir_);
        const auto* record = state ? mmo::cli::findRegion(*state, region) : nullptr;
        return record ? record->process.pid : 0;
    }

    fs::path stateDir_;
    std::optional<int> stopped_;
};

// The walkthrough: an event sent to eu is applied in us and ap, and verify-sync agrees.
TEST_F(SendAndVerifyE2ETest, EventReachesEveryRegionAndVerifySyncConverges) {
    const auto sent = mmoctl(
        "send-event --region eu --data '{\"x\":100,\"y\":50,\"block_type\":\"stone\"}' --wait "
        "--timeout 30s --state-dir " +
        dir());
    ASSERT_EQ(sent.exitCode, 0) << sent.out;
    EXPECT_NE(sent.out.find("accepted by eu-west-1: 1 change"), std::string::npos) << sent.out;
    EXPECT_NE(sent.out.find("us-east-1: applied after"), std::string::npos) << sent.out;
    EXPECT_NE(sent.out.find("ap-south-1: applied after"), std::string::npos) << sent.out;

    const auto verified = mmoctl("verify-sync --timeout 30s --state-dir " + dir());
    ASSERT_EQ(verified.exitCode, 0) << verified.out;
    EXPECT_NE(verified.out.find("converged"), std::string::npos);
    const auto json = mmoctl("verify-sync --timeout 30s --json --state-dir " + dir());
    EXPECT_NE(json.out.find("\"source\":\"eu-west-1\",\"destination\":\"us-east-1\",\"published_batches\":1,"
                            "\"applied_batches\":1"),
              std::string::npos)
        << json.out;
    EXPECT_NE(json.out.find("\"source\":\"eu-west-1\",\"destination\":\"ap-south-1\",\"published_batches\":1,"
                            "\"applied_batches\":1"),
              std::string::npos)
        << json.out;

    // send-event --json gives the HLC as a number and as the exact decimal string hlc_str (issue 17 item 5).
    const auto sentJson = mmoctl(
        "send-event --region us --json --data '{\"x\":7,\"y\":8,\"block_type\":\"sand\"}' "
        "--state-dir " +
        dir());
    ASSERT_EQ(sentJson.exitCode, 0) << sentJson.out;
    const auto event = boost::json::parse(sentJson.out).as_object();
    const auto hlc = event.at("hlc").to_number<std::uint64_t>();
    EXPECT_GT(hlc, std::uint64_t{1} << 53);
    EXPECT_EQ(event.at("hlc_str").as_string(), std::to_string(hlc)) << sentJson.out;
    EXPECT_EQ(event.at("event_id").as_string(), "us-east-1-" + std::to_string(hlc));
}

// A stalled region (SIGSTOP) while eu takes a change: exit 1 naming the pair; after SIGCONT, exit 0.
TEST_F(SendAndVerifyE2ETest, StalledRegionIsReportedThenRecovers) {
    const int us = pidOf("us");
    ASSERT_GT(us, 0);
    ASSERT_EQ(::kill(us, SIGSTOP), 0);
    stopped_ = us;
    const auto sent = mmoctl(
        "send-event --region eu --data '{\"x\":1,\"y\":2,\"block_type\":\"dirt\"}' --state-dir " + dir());
    ASSERT_EQ(sent.exitCode, 0) << sent.out;

    const auto lagging = mmoctl("verify-sync --timeout 5s --state-dir " + dir());
    EXPECT_EQ(lagging.exitCode, 1) << lagging.out;
    EXPECT_NE(lagging.out.find("eu-west-1 -> us-east-1"), std::string::npos) << lagging.out;

    ASSERT_EQ(::kill(us, SIGCONT), 0);
    stopped_.reset();
    const auto recovered = mmoctl("verify-sync --timeout 30s --state-dir " + dir());
    EXPECT_EQ(recovered.exitCode, 0) << recovered.out;
}

}  // namespace
