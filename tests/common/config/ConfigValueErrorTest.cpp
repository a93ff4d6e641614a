#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {
using testing::errorOf;
using testing::errorOfText;
using ::testing::HasSubstr;
using testing::requestFor;
using testing::TempDir;

// The one problem of loading content, formatted, with the temp file's path replaced by "x.yml".
std::string onlyProblem(const std::string& content) {
    TempDir dir;
    const auto path = dir.write("x.yml", content);
    const auto error = errorOf(requestFor(path));
    if (error.problems().size() != 1) return "unexpected problems:\n" + std::string(error.what());
    std::string line = error.problems()[0].format();
    for (auto pos = line.find(path.string()); pos != std::string::npos; pos = line.find(path.string()))
        line.replace(pos, path.string().size(), "x.yml");
    return line;
}

// The one problem of loading defaults with one environment variable.
std::string envProblem(const std::string& name, const std::string& value) {
    const auto error = errorOf(requestFor(std::nullopt, {{name, value}}));
    if (error.problems().size() != 1) return "unexpected problems:\n" + std::string(error.what());
    return error.problems()[0].format();
}

// A word where an integer belongs names the file, line, column, key, expectation and value.
TEST(ConfigValueError, BatchSizeNotInteger) {
    EXPECT_EQ(onlyProblem("sync:\n  batch_size: abc\n"),
              "x.yml:2:15: sync.batch_size: expected an integer from 1 to 100000, got \"abc\"");
}

// A sequence or a mapping where a scalar belongs is refused without looking inside.
TEST(ConfigValueError, CollectionWhereScalarBelongs) {
    EXPECT_THAT(
        onlyProblem("sync:\n  batch_size: [1, 2]\n"),
        HasSubstr("x.yml:2:15: sync.batch_size: expected an integer from 1 to 100000, got a sequence"));
    EXPECT_THAT(onlyProblem("server:\n  host: {a: b}\n"),
                HasSubstr("server.host: expected a non-empty host"));
    EXPECT_THAT(onlyProblem("server:\n  host: {a: b}\n"), HasSubstr("got a mapping"));
}

// batch_size 0 is below the range.
TEST(ConfigValueError, BatchSizeZero) {
    EXPECT_EQ(onlyProblem("sync:\n  batch_size: 0\n"),
              "x.yml:2:15: sync.batch_size: expected an integer from 1 to 100000, got \"0\"");
}

// A port above 65535 is out of range.
TEST(ConfigValueError, PortTooLarge) {
    EXPECT_EQ(onlyProblem("server:\n  tcp_port: 70000\n"),
              "x.yml:2:13: server.tcp_port: expected a port number from 0 to 65535 (0 lets the OS pick), got "
              "\"70000\"");
}

// A negative port is out of range.
TEST(ConfigValueError, PortNegative) {
    EXPECT_THAT(onlyProblem("server:\n  rest_port: -1\n"),
                HasSubstr("server.rest_port: expected a port number"));
    EXPECT_THAT(onlyProblem("server:\n  rest_port: -1\n"), HasSubstr("got \"-1\""));
}

// A bad port from the environment names the variable.
TEST(ConfigValueError, PortFromEnvNamesVariable) {
    EXPECT_EQ(envProblem("GAME_TCP_PORT", "80a"),
              "env GAME_TCP_PORT: server.tcp_port: expected a port number from 0 to 65535 (0 lets the OS "
              "pick), got "
              "\"80a\"");
}

// A negative, zero, too large or non-finite flush interval is refused.
TEST(ConfigValueError, FlushOutOfRange) {
    EXPECT_THAT(onlyProblem("sync:\n  flush_every_seconds: -1\n"),
                HasSubstr("sync.flush_every_seconds: expected a number of seconds above 0 and at most 3600"));
    EXPECT_THAT(onlyProblem("sync:\n  flush_every_seconds: 0\n"), HasSubstr("got \"0\""));
    EXPECT_THAT(onlyProblem("sync:\n  flush_every_seconds: 3601\n"), HasSubstr("got \"3601\""));
    EXPECT_THAT(onlyProblem("sync:\n  flush_every_seconds: .nan\n"), HasSubstr("got \".nan\""));
    EXPECT_THAT(envProblem("GAME_SYNC_FLUSH_EVERY_SECONDS", "inf"), HasSubstr("got \"inf\""));
    EXPECT_THAT(envProblem("GAME_SYNC_FLUSH_EVERY_SECONDS", "nan"), HasSubstr("got \"nan\""));
}

// A region id outside [a-z0-9][a-z0-9-]{0,31} is refused.
TEST(ConfigValueError, InvalidRegionId) {
    EXPECT_EQ(
        onlyProblem("sync:\n  region_id: \"EU_West\"\n"),
        "x.yml:2:14: sync.region_id: expected a region id matching [a-z0-9][a-z0-9-]{0,31}, got \"EU_West\"");
}

// The gzip switch accepts only YAML booleans.
TEST(ConfigValueError, GzipNotBoolean) {
    EXPECT_THAT(
        onlyProblem("sync:\n  use_gzip_compression: maybe\n"),
        HasSubstr(
            "sync.use_gzip_compression: expected a boolean (true/false, yes/no, on/off), got \"maybe\""));
    EXPECT_THAT(envProblem("GAME_SYNC_USE_GZIP_COMPRESSION", "2"), HasSubstr("expected a boolean"));
}

// Other range checks: retention, token ttl, snapshot interval.
TEST(ConfigValueError, OtherRanges) {
    EXPECT_THAT(onlyProblem("eventbus: {retention_hours: 87601}\n"), HasSubstr("an integer from 1 to 87600"));
    EXPECT_THAT(onlyProblem("auth: {token_ttl_minutes: 0}\n"), HasSubstr("an integer from 1 to 525600"));
    EXPECT_THAT(onlyProblem("storage: {snapshot_every_seconds: 86401}\n"),
                HasSubstr("an integer from 1 to 86400"));
}

// Names and strings: stream, host, username, data_dir, log level and format.
TEST(ConfigValueError, BadStrings) {
    EXPECT_THAT(onlyProblem("eventbus: {stream: \"A.B\"}\n"),
                HasSubstr("eventbus.stream: expected a stream name"));
    EXPECT_THAT(onlyProblem("server: {host: \"\"}\n"), HasSubstr("server.host: expected a non-empty host"));
    EXPECT_THAT(onlyProblem("auth: {admin_username: \"\"}\n"), HasSubstr("got an empty value"));
    EXPECT_THAT(onlyProblem("storage: {data_dir: \"\"}\n"),
                HasSubstr("storage.data_dir: expected a non-empty"));
    EXPECT_THAT(onlyProblem("log: {level: loud}\n"),
                HasSubstr("log.level: expected one of trace, debug, info"));
    EXPECT_THAT(onlyProblem("log: {format: xml}\n"),
                HasSubstr("log.format: expected text or json, got \"xml\""));
}

// A key given with no value at all is an empty value for its expectation.
TEST(ConfigValueError, NullValue) {
    EXPECT_EQ(onlyProblem("sync:\n  batch_size:\n"),
              "x.yml:2:3: sync.batch_size: expected an integer from 1 to 100000, got an empty value");
}

// Every entry of a comma-separated eventbus.url is checked and the bad one named.
TEST(ConfigValueError, BadEventbusUrl) {
    EXPECT_THAT(onlyProblem("eventbus: {url: \"nats://a:4222,http://b:4222\"}\n"),
                HasSubstr("entry 2 \"http://b:4222\": scheme \"http\" is not nats:// or tls://"));
    EXPECT_THAT(onlyProblem("eventbus: {url: \"nats://:4222\"}\n"), HasSubstr("missing the host"));
    EXPECT_THAT(onlyProblem("eventbus: {url: \"nats://a:99999\"}\n"), HasSubstr("bad port \"99999\""));
    EXPECT_THAT(onlyProblem("eventbus: {url: \"nats://a:1,,nats://b:2\"}\n"), HasSubstr("entry 2 is empty"));
    EXPECT_THAT(envProblem("GAME_EVENTBUS_URL", "localhost:4222"), HasSubstr("missing the scheme"));
}

// Two TCP listeners on the same non-zero port collide.
TEST(ConfigValueError, TcpPortsCollide) {
    EXPECT_EQ(onlyProblem("server:\n  tcp_port: 9000\n  metrics_port: 9000\n"),
              "x.yml:3:17: server.metrics_port: port 9000 is also server.tcp_port (file x.yml:2); two TCP "
              "listeners "
              "cannot share a port; hint: give server.metrics_port another port, or 0 to let the OS pick");
}

// A port given in env that collides with a default blames the env variable.
TEST(ConfigValueError, EnvPortCollidesWithDefault) {
    EXPECT_EQ(envProblem("GAME_REST_PORT", "7777"),
              "env GAME_REST_PORT: server.rest_port: port 7777 is also server.tcp_port (default); two TCP "
              "listeners "
              "cannot share a port; hint: give server.rest_port another port, or 0 to let the OS pick");
}

// A loopback eventbus.url on one of the node's own TCP ports is refused: the node would talk to itself.
TEST(ConfigValueError, EventbusPointsAtOwnPort) {
    EXPECT_THAT(
        onlyProblem("eventbus: {url: \"nats://localhost:8088\"}\n"),
        HasSubstr(
            "eventbus.url: server \"nats://localhost:8088\" is this node's own server.rest_port (8088)"));
    EXPECT_THAT(envProblem("GAME_TCP_PORT", "4222"),
                HasSubstr("server \"nats://127.0.0.1:4222\" is this node's own server.tcp_port (4222)"));
}

// The long env name and its alias set to different values is a problem naming both.
TEST(ConfigValueError, ConflictingEnvAliases) {
    const auto error =
        errorOf(requestFor(std::nullopt, {{"GAME_SERVER_TCP_PORT", "7779"}, {"GAME_TCP_PORT", "7781"}}));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(
        error.problems()[0].format(),
        "env GAME_SERVER_TCP_PORT, GAME_TCP_PORT: server.tcp_port: conflicting values: "
        "GAME_SERVER_TCP_PORT=\"7779\" and GAME_TCP_PORT=\"7781\"; hint: unset one of them, or give them the "
        "same value");
}

// An unknown flag key is a problem with a did-you-mean over every key.
TEST(ConfigValueError, UnknownFlagKey) {
    const auto error = errorOf(requestFor(std::nullopt, {}, {{"sync.batchsize", "5", "--set"}}));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].format(),
              "flag --set: sync.batchsize: unknown key; hint: did you mean `sync.batch_size`?");
}

// A bad flag value names the flag that gave it.
TEST(ConfigValueError, BadFlagValue) {
    const auto error = errorOf(requestFor(std::nullopt, {}, {{"sync.batch_size", "0", "--sync.batch_size"}}));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].format(),
              "flag --sync.batch_size: sync.batch_size: expected an integer from 1 to 100000, got \"0\"");
}

// A bad value long enough to flood the terminal is shortened in the message.
TEST(ConfigValueError, LongValueIsShortened) {
    EXPECT_THAT(envProblem("GAME_SYNC_REGION_ID", std::string(5000, 'X')),
                HasSubstr("... (5000 characters)"));
}

}  // namespace
}  // namespace mmo::config
