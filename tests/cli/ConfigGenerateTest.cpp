#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/ExitCode.hpp"
#include "cli/commands/ConfigGenerateCommand.hpp"
#include "common/config/ConfigLoader.hpp"
#include "tests/cli/ExitCodeOf.hpp"

namespace mmo::cli {
namespace {

namespace fs = std::filesystem;
using test::exitCodeOf;

class ConfigGenerate : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("mmoctl-gen-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        options_.outDir = (dir_ / "configs").string();
    }
    void TearDown() override { fs::remove_all(dir_); }

    config::NodeConfig load(const std::string& region) {
        config::LoadRequest request;
        request.configFile = dir_ / "configs" / ("config-" + region + ".yml");
        return config::loadConfig(request).config;
    }
    static std::string read(const fs::path& p) {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    fs::path dir_;
    ConfigGenerateOptions options_;
};

// The three guide regions get the port plan's ports, and each file is a valid node config.
TEST_F(ConfigGenerate, WritesValidConfigsWithPlannedPorts) {
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    const auto eu = load("eu-west-1");
    const auto us = load("us-east-1");
    const auto ap = load("ap-south-1");
    EXPECT_EQ(eu.sync.region_id, "eu-west-1");
    EXPECT_EQ(us.sync.region_id, "us-east-1");
    EXPECT_EQ(eu.server.tcp_port, 7777);
    EXPECT_EQ(us.server.tcp_port, 7779);
    EXPECT_EQ(us.server.udp_port, 7780);
    EXPECT_EQ(us.server.rest_port, 8089);
    EXPECT_EQ(us.server.metrics_port, 2113);
    EXPECT_EQ(ap.server.rest_port, 8090);
    EXPECT_EQ(ap.eventbus.url, "nats://127.0.0.1:4222");
    EXPECT_EQ(fs::path(ap.storage.data_dir).filename(), "ap-south-1");
}

// An offset shifts the node ports and the local NATS URL alike.
TEST_F(ConfigGenerate, OffsetShiftsPortsAndNatsUrl) {
    options_.regions = "eu,us";
    options_.portOffset = "100";
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    const auto us = load("us-east-1");
    EXPECT_EQ(us.server.tcp_port, 7879);
    EXPECT_EQ(us.server.metrics_port, 2213);
    EXPECT_EQ(us.eventbus.url, "nats://127.0.0.1:4322");
}

// --nats-url replaces the local URL in every file.
TEST_F(ConfigGenerate, NatsUrlIsUsedAsGiven) {
    options_.regions = "eu";
    options_.natsUrl = "nats://10.1.2.3:4222,nats://10.1.2.4:4222";
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    EXPECT_EQ(load("eu-west-1").eventbus.url, options_.natsUrl);
}

// Generating twice leaves identical files alone and succeeds.
TEST_F(ConfigGenerate, RerunIsIdempotent) {
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    const auto before = read(dir_ / "configs/config-eu-west-1.yml");
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    EXPECT_EQ(read(dir_ / "configs/config-eu-west-1.yml"), before);
}

// A file the user changed is not overwritten without --force, and nothing else is written either.
TEST_F(ConfigGenerate, RefusesToOverwriteChangedFile) {
    options_.regions = "us";
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    const auto usFile = dir_ / "configs/config-us-east-1.yml";
    std::ofstream(usFile, std::ios::app) << "# my edit\n";
    const auto edited = read(usFile);

    options_.regions = "eu,us";  // eu would be new, us collides with the edit (and moves to index 1)
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    EXPECT_EQ(read(usFile), edited);
    EXPECT_FALSE(fs::exists(dir_ / "configs/config-eu-west-1.yml"));

    options_.force = true;
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    EXPECT_EQ(load("us-east-1").server.tcp_port, 7779);
}

// Bad region names and bad offsets are usage errors and write nothing.
TEST_F(ConfigGenerate, BadInputIsUsageError) {
    options_.regions = "eu,EU";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    options_.regions = "eu,eu-west-1";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    options_.regions = "eu";
    options_.portOffset = "-5";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    options_.portOffset = "60000";
    EXPECT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kUsageError);
    EXPECT_FALSE(fs::exists(dir_ / "configs"));
}

// --port-offset auto never picks a plan that includes a port somebody holds.
TEST_F(ConfigGenerate, AutoOffsetAvoidsBusyPort) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(8088);
    // SO_REUSEADDR as the probe uses it: without it a connection of an earlier run in TIME_WAIT makes
    // this bind fail while the probe (rightly) counts 8088 as free, and the test would hold nothing.
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // If the bind still fails, a live listener holds 8088, which is just as busy.
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) ::listen(fd, 1);
    options_.regions = "eu";
    options_.portOffset = "auto";
    ASSERT_EQ(exitCodeOf([&] { return runConfigGenerate(options_); }), kOk);
    const auto eu = load("eu-west-1");
    EXPECT_NE(eu.server.rest_port, 8088);  // 8088 is taken, by us or by someone else
    ::close(fd);
}

}  // namespace
}  // namespace mmo::cli
