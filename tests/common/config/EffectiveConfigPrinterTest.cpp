#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {
using ::testing::HasSubstr;
using testing::requestFor;
using testing::TempDir;

// The printed config parses back with yaml-cpp to the same values.
TEST(EffectiveConfigPrinter, RoundTripsThroughYaml) {
    TempDir dir;
    const auto file = dir.write(
        "x.yml", "sync:\n  region_id: us-east-1\n  flush_every_seconds: 0.05\nlog: {format: json}\n");
    const auto loaded = loadConfig(
        requestFor(file, {{"GAME_TCP_PORT", "7779"}, {"GAME_AUTH_JWT_SECRET", "k-0123456789abcdef"}},
                   {{"server.host", "h\"q\\#x", "--set"}}));
    const YAML::Node root = YAML::Load(renderEffectiveConfig(loaded));
    EXPECT_EQ(root["sync"]["region_id"].as<std::string>(), "us-east-1");
    EXPECT_DOUBLE_EQ(root["sync"]["flush_every_seconds"].as<double>(), 0.05);
    EXPECT_EQ(root["sync"]["batch_size"].as<int>(), 100);
    EXPECT_TRUE(root["sync"]["use_gzip_compression"].as<bool>());
    EXPECT_EQ(root["server"]["tcp_port"].as<int>(), 7779);
    EXPECT_EQ(root["server"]["host"].as<std::string>(), "h\"q\\#x");
    EXPECT_EQ(root["eventbus"]["url"].as<std::string>(), "nats://127.0.0.1:4222");
    EXPECT_EQ(root["storage"]["data_dir"].as<std::string>(), "./data/us-east-1");
    EXPECT_EQ(root["log"]["format"].as<std::string>(), "json");
    EXPECT_EQ(root["auth"]["jwt_secret"].as<std::string>(), "<redacted>");
    std::size_t keys = 0;
    for (const auto& section : root) keys += section.second.size();
    EXPECT_EQ(keys, allConfigKeys().size());
}

// The printed config loads again as a config file with the same values (secrets aside).
TEST(EffectiveConfigPrinter, PrintedConfigReloads) {
    TempDir dir;
    const auto first =
        loadConfig(requestFor(std::nullopt, {{"GAME_SYNC_BATCH_SIZE", "42"}, {"GAME_LOG_FORMAT", "json"}}));
    const auto second = loadConfig(requestFor(dir.write("printed.yml", renderEffectiveConfig(first))));
    EXPECT_EQ(second.config.sync.batch_size, 42);
    EXPECT_EQ(second.config.log.format, LogFormat::Json);
    EXPECT_EQ(second.config.storage.data_dir, first.config.storage.data_dir);
    EXPECT_DOUBLE_EQ(second.config.sync.flush_every_seconds, first.config.sync.flush_every_seconds);
    for (const auto& [key, source] : second.sources) EXPECT_EQ(source.kind, SourceKind::File) << key;
}

// Each line names its source: default, file with line, env variable, flag.
TEST(EffectiveConfigPrinter, ShowsSources) {
    TempDir dir;
    const auto file = dir.write("x.yml", "\nsync:\n  batch_size: 5\n");
    const auto text = renderEffectiveConfig(
        loadConfig(requestFor(file, {{"GAME_TCP_PORT", "7779"}}, {{"log.level", "debug", "--log.level"}})));
    EXPECT_THAT(text, HasSubstr("# config file: " + file.string() + "\n"));
    EXPECT_THAT(text, HasSubstr("  batch_size: 5  # file " + file.string() + ":3\n"));
    EXPECT_THAT(text, HasSubstr("  tcp_port: 7779  # env GAME_TCP_PORT\n"));
    EXPECT_THAT(text, HasSubstr("  level: \"debug\"  # flag --log.level\n"));
    EXPECT_THAT(text, HasSubstr("  udp_port: 7778  # default\n"));
    EXPECT_THAT(text, HasSubstr("  url: \"nats://127.0.0.1:4222\"  # default\n"));
}

// Without a file the header says so.
TEST(EffectiveConfigPrinter, HeaderWithoutFile) {
    EXPECT_THAT(renderEffectiveConfig(loadConfig(requestFor(std::nullopt))), HasSubstr("# no config file\n"));
}

// Secrets are redacted but keep their source; an empty secret prints as empty.
TEST(EffectiveConfigPrinter, RedactsSecrets) {
    const auto text = renderEffectiveConfig(
        loadConfig(requestFor(std::nullopt, {{"GAME_AUTH_ADMIN_PASSWORD", "hunter2"}})));
    EXPECT_THAT(text, HasSubstr("  admin_password: \"<redacted>\"  # env GAME_AUTH_ADMIN_PASSWORD\n"));
    EXPECT_THAT(text, HasSubstr("  jwt_secret: \"\"  # default\n"));
    EXPECT_EQ(text.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace mmo::config
