// send-event's input checks, exit code mapping, credentials and probe block; no node needed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/ExitCode.hpp"
#include "cli/admin/AdminCredentials.hpp"
#include "cli/admin/EventWaiter.hpp"
#include "cli/commands/SendEventCommand.hpp"
#include "tests/cli/ExitCodeOf.hpp"

namespace {

namespace fs = std::filesystem;
using mmo::cli::resolveAdminCredentials;
using mmo::config::Environment;

// Bad --data is a usage error (2) before any state or network is touched (the state dir does not exist).
TEST(SendEventTest, BadDataJsonExitsTwoBeforeNetwork) {
    mmo::cli::SendEventOptions options;
    options.stateDir = "/nonexistent/state/dir";
    for (const char* data : {"{\"x\":100,", "not json", "[1,2]", "42"}) {
        options.data = data;
        EXPECT_EQ(mmo::test::exitCodeOf([&] { return mmo::cli::runSendEvent(options); }),
                  mmo::cli::kUsageError)
            << data;
    }
}

// A valid event with no running set is an environment error (3).
TEST(SendEventTest, NoStateExitsThree) {
    mmo::cli::SendEventOptions options;
    options.stateDir = (fs::temp_directory_path() / "mmoctl-send-event-no-state").string();
    options.data = R"({"x":1,"y":2,"block_type":"stone"})";
    EXPECT_EQ(mmo::test::exitCodeOf([&] { return mmo::cli::runSendEvent(options); }),
              mmo::cli::kEnvironmentError);
}

// Node statuses map to exit codes in one place: input 2, credentials 3, node failure 4.
TEST(SendEventTest, StatusToExitCode) {
    EXPECT_EQ(mmo::cli::exitCodeForStatus(400), mmo::cli::kUsageError);
    EXPECT_EQ(mmo::cli::exitCodeForStatus(413), mmo::cli::kUsageError);
    EXPECT_EQ(mmo::cli::exitCodeForStatus(401), mmo::cli::kEnvironmentError);
    EXPECT_EQ(mmo::cli::exitCodeForStatus(403), mmo::cli::kEnvironmentError);
    EXPECT_EQ(mmo::cli::exitCodeForStatus(429), mmo::cli::kEnvironmentError);
    EXPECT_EQ(mmo::cli::exitCodeForStatus(503), mmo::cli::kProcessFailed);
}

class CredentialsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("mmoctl-creds-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        file_ = dir_ / "config-eu-west-1.yml";
        std::ofstream(file_) << "auth:\n  admin_username: boss\n  admin_password: FromFile123!\n";
    }
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_;
    fs::path file_;
};

// Without flags or env, the region's config file gives both.
TEST_F(CredentialsTest, FromConfigFile) {
    const auto c = resolveAdminCredentials(std::nullopt, std::nullopt, Environment{}, file_);
    EXPECT_EQ(c.username, "boss");
    EXPECT_EQ(c.password, "FromFile123!");
    EXPECT_EQ(c.passwordSource, "config " + file_.string());
}

// MMOCTL_ADMIN_PASSWORD beats GAME_AUTH_ADMIN_PASSWORD, which beats the file; a flag beats them all.
TEST_F(CredentialsTest, FlagBeatsEnvBeatsFile) {
    Environment env({{"MMOCTL_ADMIN_PASSWORD", "mmoctl"}, {"GAME_AUTH_ADMIN_PASSWORD", "game"}});
    auto c = resolveAdminCredentials(std::nullopt, std::nullopt, env, file_);
    EXPECT_EQ(c.username, "boss");
    EXPECT_EQ(c.password, "mmoctl");
    EXPECT_EQ(c.passwordSource, "env MMOCTL_ADMIN_PASSWORD");
    c = resolveAdminCredentials(
        std::nullopt, std::nullopt,
        Environment(std::map<std::string, std::string>{{"GAME_AUTH_ADMIN_PASSWORD", "game"}}), file_);
    EXPECT_EQ(c.password, "game");
    c = resolveAdminCredentials(std::string("root"), std::string("flag"), env, fs::path("/nonexistent.yml"));
    EXPECT_EQ(c.username, "root");
    EXPECT_EQ(c.password, "flag");
}

// An unreadable config file is a usage error that says how to pass credentials instead.
TEST_F(CredentialsTest, UnreadableFileSaysWhatToDo) {
    try {
        resolveAdminCredentials(std::nullopt, std::nullopt, Environment{}, dir_ / "missing.yml");
        FAIL();
    } catch (const mmo::cli::CommandError& e) {
        EXPECT_EQ(e.code, mmo::cli::kUsageError);
        EXPECT_NE(std::string(e.what()).find("--password"), std::string::npos) << std::string(e.what());
    }
}

// The block --wait polls: BlockEvent's cell, FillEvent's last cell, nothing for ChatEvent.
TEST(SendEventTest, ProbeBlock) {
    using P = std::pair<std::int64_t, std::int64_t>;
    EXPECT_EQ(mmo::cli::probeBlockOf("BlockEvent", R"({"x":100,"y":50,"block_type":"stone"})"), P(100, 50));
    EXPECT_EQ(mmo::cli::probeBlockOf("FillEvent", R"({"x1":5,"y1":-3,"x2":1,"y2":4,"block_type":"sand"})"),
              P(5, 4));
    EXPECT_FALSE(mmo::cli::probeBlockOf("ChatEvent", R"({"text":"hi"})"));
    EXPECT_FALSE(mmo::cli::probeBlockOf("BlockEvent", R"({"x":"a"})"));
}

}  // namespace
