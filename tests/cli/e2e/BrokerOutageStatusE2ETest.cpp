// Issue 20 item 2 through mmoctl: with the set's nats-server stopped (SIGSTOP: its sockets stay open, it
// answers nothing, as a stream server that is gone while the node's link looks up), every region holding
// changes says the same thing about the sync in `mmoctl status` (text and --json) and `mmoctl verify-sync`.
// Real mmoctl, mmo-node and nats-server processes.
#include <gtest/gtest.h>
#include <signal.h>

#include <array>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <filesystem>
#include <set>

#include "cli/state/StateFile.hpp"
#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/Waiting.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

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

int countOf(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

constexpr const char* kStalled = "cannot publish: ";

class BrokerOutageStatusE2ETest : public ::testing::Test {
  protected:
    void SetUp() override {
        stateDir_ = fs::temp_directory_path() / ("mmoctl-outage-e2e-" + std::to_string(::getpid()));
        fs::remove_all(stateDir_);
        const auto up = mmoctl("up --regions eu,us --detach --port-offset " +
                               std::to_string(mmo::test::freePortOffset(12700, 2)) + " --state-dir " + dir());
        ASSERT_EQ(up.exitCode, 0) << up.out;
    }
    void TearDown() override {
        if (stoppedNats_ > 0) ::kill(stoppedNats_, SIGCONT);
        const auto down = mmoctl("down --state-dir " + dir());
        EXPECT_EQ(down.exitCode, 0) << down.out;
        fs::remove_all(stateDir_);
    }
    std::string dir() const { return stateDir_.string(); }

    fs::path stateDir_;
    int stoppedNats_ = 0;
};

TEST_F(BrokerOutageStatusE2ETest, EveryRegionReportsTheOutageTheSameWay) {
    const auto healthy = mmoctl("status --state-dir " + dir());
    ASSERT_EQ(healthy.exitCode, 0) << healthy.out;
    EXPECT_EQ(countOf(healthy.out, " ok "), 2) << healthy.out;

    const auto state = mmo::cli::readState(stateDir_);
    ASSERT_TRUE(state && state->nats.process.pid > 0);
    ASSERT_EQ(::kill(state->nats.process.pid, SIGSTOP), 0);
    stoppedNats_ = state->nats.process.pid;
    for (const char* region : {"eu", "us"}) {
        const auto sent = mmoctl(std::string("send-event --region ") + region +
                                 " --data '{\"x\":1,\"y\":2,\"block_type\":\"stone\"}' --state-dir " + dir());
        ASSERT_EQ(sent.exitCode, 0) << sent.out;
    }
    // Both regions hold a change they cannot publish: however the outage shows (the link lost, or no PubAck
    // within eventbus.publish_timeout), both give the same reason, not caught up.
    std::string reason;
    ::Run json;
    EXPECT_TRUE(mmo::test::waitUntil(
        [&] {
            json = mmoctl("status --json --state-dir " + dir());
            boost::system::error_code ec;
            const auto root = boost::json::parse(json.out, ec);
            if (ec || !root.is_object()) return false;
            std::set<std::string> reasons;
            for (const auto& value : root.at("regions").as_array()) {
                const auto& region = value.as_object();
                const auto& why = region.at("ready_reason");
                if (region.at("ready").as_bool() || !why.is_string() || !region.at("caught_up").is_bool() ||
                    region.at("caught_up").as_bool() || region.at("unpublished_changes").to_number<int>() < 1)
                    return false;
                reasons.insert(std::string(why.as_string()));
            }
            if (reasons.size() != 1) return false;
            reason = *reasons.begin();
            return true;
        },
        40s))
        << json.out;
    ASSERT_FALSE(reason.empty());
    EXPECT_TRUE(reason == "not connected to NATS" || reason.rfind(kStalled, 0) == 0) << reason;

    const auto status = mmoctl("status --state-dir " + dir());
    EXPECT_EQ(status.exitCode, 0) << status.out;
    EXPECT_NE(status.out.find("caught up"), std::string::npos) << status.out;
    EXPECT_GE(countOf(status.out, reason), 1) << status.out;

    const auto verify = mmoctl("verify-sync --timeout 1s --state-dir " + dir());
    EXPECT_EQ(verify.exitCode, 1) << verify.out;
    EXPECT_NE(verify.out.find("SYNC"), std::string::npos) << verify.out;
    EXPECT_GE(countOf(verify.out, reason), 1) << verify.out;

    // NATS back: the changes are published and both regions say ok again.
    ::Run back;
    ::kill(stoppedNats_, SIGCONT);
    stoppedNats_ = 0;
    EXPECT_TRUE(mmo::test::waitUntil(
        [&] {
            back = mmoctl("status --state-dir " + dir());
            return countOf(back.out, " ok ") == 2;
        },
        40s))
        << back.out;
    const auto converged = mmoctl("verify-sync --timeout 30s --state-dir " + dir());
    EXPECT_EQ(converged.exitCode, 0) << converged.out;
}

}  // namespace
