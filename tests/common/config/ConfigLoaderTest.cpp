#include <gtest/gtest.h>

#include <set>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {
using testing::errorOf;
using testing::loadText;
using testing::requestFor;
using testing::TempDir;

const std::string kGuideEuWest = R"(eventbus:
  url: "nats://127.0.0.1:4222"
  stream: "GLOBAL_EVENTS"
  retention_hours: 24

sync:
  region_id: "eu-west-1"
  batch_size: 100
  flush_every_seconds: 3
  use_gzip_compression: true
)";

const std::string kGuideUsEast = R"(eventbus:
  url: "nats://127.0.0.1:4222"
  stream: "GLOBAL_EVENTS"
  retention_hours: 24

sync:
  region_id: "us-east-1"
  batch_size: 100
  flush_every_seconds: 3
  use_gzip_compression: true

# TODO: add sections for port customisation
server:
  tcp_port: 7779
  udp_port: 7780
  rest_port: 8089
  metrics_port: 2113
)";

const std::string kGuideApSouth = R"(eventbus:
  url: "nats://127.0.0.1:4222"
  stream: "GLOBAL_EVENTS"
  retention_hours: 24

sync:
  region_id: "ap-south-1"
  batch_size: 150
  flush_every_seconds: 2
  use_gzip_compression: true
)";

// Without a file, env or flags every key has its built-in default and source.
TEST(ConfigLoader, DefaultsWithoutFile) {
    const auto loaded = loadConfig(requestFor(std::nullopt));
    EXPECT_FALSE(loaded.file.has_value());
    EXPECT_EQ(loaded.config.sync.region_id, "eu-west-1");
    EXPECT_EQ(loaded.config.server.tcp_port, 7777);
    EXPECT_EQ(loaded.config.eventbus.url, "nats://127.0.0.1:4222");
    EXPECT_EQ(loaded.config.storage.data_dir, "./data/eu-west-1");
    ASSERT_EQ(loaded.sources.size(), allConfigKeys().size());
    for (const auto& [key, source] : loaded.sources) EXPECT_EQ(source.kind, SourceKind::Default) << key;
    EXPECT_TRUE(loaded.warnings.empty());
}

// The guide's config-eu-west.yml loads, each value remembering its file and line.
TEST(ConfigLoader, GuideEuWestFileLoadsWithFileSources) {
    TempDir dir;
    const auto file = dir.write("config-eu-west.yml", kGuideEuWest);
    const auto loaded = loadConfig(requestFor(file));
    EXPECT_EQ(loaded.file, file);
    EXPECT_EQ(loaded.config.sync.region_id, "eu-west-1");
    EXPECT_EQ(loaded.config.sync.batch_size, 100);
    EXPECT_DOUBLE_EQ(loaded.config.sync.flush_every_seconds, 3.0);
    EXPECT_TRUE(loaded.config.sync.use_gzip_compression);
    EXPECT_EQ(loaded.sources.at("sync.region_id").kind, SourceKind::File);
    EXPECT_EQ(loaded.sources.at("sync.region_id").detail, file.string() + ":7");
    EXPECT_EQ(loaded.sources.at("eventbus.url").detail, file.string() + ":2");
    EXPECT_EQ(loaded.sources.at("server.tcp_port").kind, SourceKind::Default);
}

// The guide's us-east config with its server section sets the second region's ports.
TEST(ConfigLoader, GuideUsEastFileWithPortsLoads) {
    const auto loaded = loadText(kGuideUsEast);
    EXPECT_EQ(loaded.config.sync.region_id, "us-east-1");
    EXPECT_EQ(loaded.config.server.tcp_port, 7779);
    EXPECT_EQ(loaded.config.server.udp_port, 7780);
    EXPECT_EQ(loaded.config.server.rest_port, 8089);
    EXPECT_EQ(loaded.config.server.metrics_port, 2113);
    EXPECT_EQ(loaded.config.storage.data_dir, "./data/us-east-1");
}

// The guide's ap-south config loads its own batch size and flush interval.
TEST(ConfigLoader, GuideApSouthFileLoads) {
    const auto loaded = loadText(kGuideApSouth);
    EXPECT_EQ(loaded.config.sync.region_id, "ap-south-1");
    EXPECT_EQ(loaded.config.sync.batch_size, 150);
    EXPECT_DOUBLE_EQ(loaded.config.sync.flush_every_seconds, 2.0);
}

// GAME_CONFIG names the file when the request has none.
TEST(ConfigLoader, GameConfigNamesTheFile) {
    TempDir dir;
    const auto file = dir.write("config-us-east.yml", kGuideUsEast);
    const auto loaded = loadConfig(requestFor(std::nullopt, {{"GAME_CONFIG", file.string()}}));
    EXPECT_EQ(loaded.file, file);
    EXPECT_EQ(loaded.config.sync.region_id, "us-east-1");
}

// --config wins over GAME_CONFIG.
TEST(ConfigLoader, ConfigFileWinsOverGameConfig) {
    TempDir dir;
    const auto eu = dir.write("eu.yml", kGuideEuWest);
    const auto us = dir.write("us.yml", kGuideUsEast);
    const auto loaded = loadConfig(requestFor(eu, {{"GAME_CONFIG", us.string()}}));
    EXPECT_EQ(loaded.config.sync.region_id, "eu-west-1");
}

// An environment variable overrides the file and becomes the source.
TEST(ConfigLoader, EnvOverridesFile) {
    const auto loaded = loadText(kGuideEuWest, {{"GAME_SYNC_BATCH_SIZE", "250"}});
    EXPECT_EQ(loaded.config.sync.batch_size, 250);
    EXPECT_EQ(loaded.sources.at("sync.batch_size").kind, SourceKind::Env);
    EXPECT_EQ(loaded.sources.at("sync.batch_size").detail, "GAME_SYNC_BATCH_SIZE");
}

// A flag overrides the environment and becomes the source.
TEST(ConfigLoader, FlagOverridesEnv) {
    const auto loaded = loadText(kGuideEuWest, {{"GAME_SYNC_REGION_ID", "us-east-1"}},
                                 {{"sync.region_id", "ap-south-1", "--sync.region_id"}});
    EXPECT_EQ(loaded.config.sync.region_id, "ap-south-1");
    EXPECT_EQ(loaded.sources.at("sync.region_id").kind, SourceKind::Flag);
    EXPECT_EQ(loaded.sources.at("sync.region_id").detail, "--sync.region_id");
}

// With two flags for one key the later one wins.
TEST(ConfigLoader, LaterFlagWins) {
    const auto loaded = loadConfig(
        requestFor(std::nullopt, {}, {{"sync.batch_size", "5", "--set"}, {"sync.batch_size", "7", "--set"}}));
    EXPECT_EQ(loaded.config.sync.batch_size, 7);
}

// The guide's GAME_TCP_PORT, GAME_UDP_PORT, GAME_REST_PORT and GAME_METRICS_PORT set the server ports.
TEST(ConfigLoader, GuideEnvPortNames) {
    const auto loaded =
        loadText(kGuideUsEast.substr(0, kGuideUsEast.find("# TODO")), {{"GAME_TCP_PORT", "7779"},
                                                                       {"GAME_UDP_PORT", "7780"},
                                                                       {"GAME_REST_PORT", "8089"},
                                                                       {"GAME_METRICS_PORT", "2113"}});
    EXPECT_EQ(loaded.config.server.tcp_port, 7779);
    EXPECT_EQ(loaded.config.server.udp_port, 7780);
    EXPECT_EQ(loaded.config.server.rest_port, 8089);
    EXPECT_EQ(loaded.config.server.metrics_port, 2113);
    EXPECT_EQ(loaded.sources.at("server.tcp_port").detail, "GAME_TCP_PORT");
}

// The long env name and its alias may both be set when they agree.
TEST(ConfigLoader, AgreeingEnvAliasesAreAccepted) {
    const auto loaded =
        loadConfig(requestFor(std::nullopt, {{"GAME_SERVER_TCP_PORT", "7779"}, {"GAME_TCP_PORT", "7779"}}));
    EXPECT_EQ(loaded.config.server.tcp_port, 7779);
    EXPECT_EQ(loaded.sources.at("server.tcp_port").detail, "GAME_SERVER_TCP_PORT");
}

// flush_every_seconds takes fractions from the file, the environment and flags.
TEST(ConfigLoader, FractionalFlush) {
    EXPECT_DOUBLE_EQ(loadText("sync:\n  flush_every_seconds: 0.05\n").config.sync.flush_every_seconds, 0.05);
    EXPECT_DOUBLE_EQ(loadConfig(requestFor(std::nullopt, {{"GAME_SYNC_FLUSH_EVERY_SECONDS", "0.25"}}))
                         .config.sync.flush_every_seconds,
                     0.25);
}

// The gzip flag reads every YAML boolean spelling, in any case, from env too.
TEST(ConfigLoader, BooleanSpellings) {
    EXPECT_FALSE(loadText("sync: {use_gzip_compression: Off}\n").config.sync.use_gzip_compression);
    EXPECT_TRUE(loadText("sync: {use_gzip_compression: YES}\n").config.sync.use_gzip_compression);
    EXPECT_FALSE(loadConfig(requestFor(std::nullopt, {{"GAME_SYNC_USE_GZIP_COMPRESSION", "no"}}))
                     .config.sync.use_gzip_compression);
}

// <region_id> in data_dir takes the region id of whichever layer set it last.
TEST(ConfigLoader, DataDirPlaceholderUsesEffectiveRegion) {
    const auto loaded = loadText("storage:\n  data_dir: /var/lib/mmo/<region_id>/x\n", {},
                                 {{"sync.region_id", "sa-east-1", "--set"}});
    EXPECT_EQ(loaded.config.storage.data_dir, "/var/lib/mmo/sa-east-1/x");
}

// A section given as null ("server:" alone) keeps its defaults.
TEST(ConfigLoader, NullSectionIsEmpty) {
    const auto loaded = loadText("server:\nsync:\n  batch_size: 5\n");
    EXPECT_EQ(loaded.config.server.tcp_port, 7777);
    EXPECT_EQ(loaded.config.sync.batch_size, 5);
}

// Every section and key of the design can be written in one file.
TEST(ConfigLoader, FullFileLoadsEveryKey) {
    TempDir files;
    const std::string ca = files.write("ca.pem", "ca").string();
    const std::string cert = files.write("cert.pem", "cert").string();
    const std::string key = files.write("key.pem", "key").string();
    const auto loaded =
        loadText(R"(eventbus: {url: "nats://a:4222, tls://b", stream: "S_1", retention_hours: 48,
           replicas: 3, home_return_after_seconds: 7, token: "t0k", token_file: "", creds_file: "", tls_ca_file: ")" +
                 ca + R"(", tls_cert_file: ")" + cert + R"(", tls_key_file: ")" + key + R"("}
sync: {region_id: "sa-east-1", batch_size: 10, flush_every_seconds: 0.5, use_gzip_compression: false}
server: {host: "127.0.0.1", tcp_port: 0, udp_port: 0, rest_port: 0, metrics_port: 0, metrics_digest_label: true,
         http_header_limit_bytes: 4096, http_body_limit_bytes: 65536, http_max_connections: 500,
         http_max_connections_per_address: 8, http_idle_timeout_seconds: 5,
         http_allowed_origins: "https://a.example, http://b.example:8080", http_allowed_hosts: "n.example",
         reserved_file_descriptors: 64, io_threads: 3}
auth: {admin_username: "root", admin_password: "pw", admin_password_file: "", jwt_secret: "s3cret-0123456789",
       jwt_secret_file: "", token_ttl_minutes: 5, default_password_from_loopback: false, login_queue_size: 64,
       login_queue_per_address: 1}
storage: {data_dir: "/tmp/d", snapshot_every_seconds: 9, file_key_limit_bytes: 4096}
checkpoint: {enabled: false, every_seconds: 30}
game: {max_frame_bytes: 4096, actions_per_second: 5, action_burst: 10, max_connections: 100,
       max_connections_per_address: 3, idle_timeout_seconds: 30, max_area_side: 64, position_hz: 5,
       allow_guests: no, snapshot_bytes_per_second: 2048, snapshot_burst_bytes: 4096,
       udp_challenges_per_second: 7, frames_per_second: 50, frame_burst: 60, nearby_radius: 32,
       max_chat_bytes: 100}
log: {level: "WARNING", format: "json"}
)");
    const auto& c = loaded.config;
    EXPECT_EQ(c.eventbus.url, "nats://a:4222, tls://b");
    EXPECT_EQ(c.eventbus.stream, "S_1");
    EXPECT_EQ(c.eventbus.retention_hours, 48);
    EXPECT_EQ(c.eventbus.replicas, 3);
    EXPECT_EQ(c.eventbus.home_return_after_seconds, 7);
    EXPECT_EQ(c.eventbus.token, "t0k");
    EXPECT_EQ(c.eventbus.tls_ca_file, ca);
    EXPECT_EQ(c.eventbus.tls_key_file, key);
    EXPECT_EQ(c.server.host, "127.0.0.1");
    EXPECT_EQ(c.server.rest_port, 0);
    EXPECT_TRUE(c.server.metrics_digest_label);
    EXPECT_EQ(c.game.udp_challenges_per_second, 7);
    EXPECT_EQ(c.auth.admin_username, "root");
    EXPECT_EQ(c.auth.jwt_secret, "s3cret-0123456789");
    EXPECT_EQ(c.auth.token_ttl_minutes, 5);
    EXPECT_FALSE(c.auth.default_password_from_loopback);
    EXPECT_EQ(c.auth.login_queue_size, 64);
    EXPECT_EQ(c.auth.login_queue_per_address, 1);
    EXPECT_EQ(c.storage.file_key_limit_bytes, 4096);
    EXPECT_EQ(c.storage.snapshot_every_seconds, 9);
    EXPECT_FALSE(c.checkpoint.enabled);
    EXPECT_EQ(c.checkpoint.every_seconds, 30);
    EXPECT_EQ(c.server.http_body_limit_bytes, 65536);
    EXPECT_EQ(c.server.http_max_connections, 500);
    EXPECT_EQ(c.server.http_max_connections_per_address, 8);
    EXPECT_EQ(c.server.http_idle_timeout_seconds, 5);
    EXPECT_EQ(c.server.http_allowed_origins, "https://a.example, http://b.example:8080");
    EXPECT_EQ(c.server.http_allowed_hosts, "n.example");
    EXPECT_EQ(c.server.reserved_file_descriptors, 64);
    EXPECT_EQ(c.server.io_threads, 3);
    EXPECT_EQ(c.game.max_connections_per_address, 3);
    EXPECT_FALSE(c.game.allow_guests);
    EXPECT_EQ(c.game.snapshot_bytes_per_second, 2048);
    EXPECT_EQ(c.game.snapshot_burst_bytes, 4096);
    EXPECT_EQ(c.game.frames_per_second, 50);
    EXPECT_EQ(c.game.frame_burst, 60);
    EXPECT_EQ(c.game.nearby_radius, 32);
    EXPECT_EQ(c.game.max_chat_bytes, 100);
    EXPECT_EQ(c.log.level, "warn");
    EXPECT_EQ(c.log.format, LogFormat::Json);
    for (const auto& [key, source] : loaded.sources) EXPECT_EQ(source.kind, SourceKind::File) << key;
}

// A UDP port may reuse a TCP port's number: the protocols do not clash.
TEST(ConfigLoader, UdpMayShareTcpNumber) {
    EXPECT_EQ(loadText("server: {tcp_port: 9000, udp_port: 9000}\n").config.server.udp_port, 9000);
}

// Ports set to 0 (OS picks) never collide with each other.
TEST(ConfigLoader, ZeroPortsDoNotCollide) {
    EXPECT_NO_THROW(loadText("server: {tcp_port: 0, rest_port: 0, metrics_port: 0}\n"));
}

// An unknown GAME_* variable is a warning with a did-you-mean, not an error; GAME_CONFIG is known.
TEST(ConfigLoader, UnknownGameEnvIsWarning) {
    const auto loaded =
        loadConfig(requestFor(std::nullopt, {{"GAME_SYNC_BATCHSIZE", "5"}, {"GAME_CONFIG", ""}}));
    ASSERT_EQ(loaded.warnings.size(), 1u);
    EXPECT_NE(loaded.warnings[0].find("GAME_SYNC_BATCHSIZE"), std::string::npos);
    EXPECT_NE(loaded.warnings[0].find("did you mean GAME_SYNC_BATCH_SIZE"), std::string::npos);
    EXPECT_EQ(loaded.config.sync.batch_size, 100);
}

// Variables without the GAME_ prefix are none of the loader's business.
TEST(ConfigLoader, OtherEnvIsIgnored) {
    EXPECT_TRUE(loadConfig(requestFor(std::nullopt, {{"PATH", "/bin"}, {"TCP_PORT", "1"}})).warnings.empty());
}

// Key lists, env names and help come from the schema in documentation order.
TEST(ConfigLoader, KeyListsAndEnvNames) {
    const auto keys = allConfigKeys();
    ASSERT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size()) << "a key is listed twice";
    EXPECT_EQ(keys.front(), "eventbus.url");
    EXPECT_EQ(keys.back(), "log.format");
    EXPECT_EQ(envNamesFor("server.tcp_port"),
              (std::vector<std::string>{"GAME_SERVER_TCP_PORT", "GAME_TCP_PORT"}));
    EXPECT_EQ(envNamesFor("auth.jwt_secret"), (std::vector<std::string>{"GAME_AUTH_JWT_SECRET"}));
    EXPECT_EQ(envNamesFor("sync.region_id"), (std::vector<std::string>{"GAME_SYNC_REGION_ID"}));
    EXPECT_TRUE(envNamesFor("nope.key").empty());
    EXPECT_NE(configKeyHelp("sync.batch_size").find("1 to 100000"), std::string::npos);
    EXPECT_EQ(configKeyHelp("nope"), "");
}

// Environment::fromProcess sees the process environment.
TEST(ConfigLoader, EnvironmentFromProcess) {
    ::setenv("MMO_CONFIG_TEST_VAR", "a=b", 1);
    const auto env = Environment::fromProcess();
    EXPECT_EQ(env.get("MMO_CONFIG_TEST_VAR"), "a=b");
    ::unsetenv("MMO_CONFIG_TEST_VAR");
    EXPECT_EQ(env.get("MMO_CONFIG_TEST_VAR_MISSING"), std::nullopt);
}

}  // namespace
}  // namespace mmo::config
