#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

// The eventbus keys for a NATS cluster beyond one machine: replicas, token, creds file, TLS files.
namespace mmo::config {
namespace {
using testing::errorOf;
using ::testing::HasSubstr;
using testing::loadText;
using ::testing::Not;
using testing::requestFor;
using testing::TempDir;

// Every problem of loading with these environment variables, one per line.
std::string problemsOf(std::map<std::string, std::string> env) {
    const auto error = errorOf(requestFor(std::nullopt, std::move(env)));
    std::string text;
    for (const auto& problem : error.problems()) text += problem.format() + "\n";
    return text;
}

// The defaults: one replica, no auth, no TLS.
TEST(EventbusSecurityConfig, Defaults) {
    const auto c = loadConfig(requestFor(std::nullopt)).config.eventbus;
    EXPECT_EQ(c.replicas, 1);
    EXPECT_EQ(c.token, "");
    EXPECT_EQ(c.creds_file, "");
    EXPECT_EQ(c.tls_ca_file, "");
    EXPECT_EQ(c.tls_cert_file, "");
    EXPECT_EQ(c.tls_key_file, "");
}

// replicas is an integer from 1 to 5 (JetStream's limit), from the file or GAME_EVENTBUS_REPLICAS.
TEST(EventbusSecurityConfig, Replicas) {
    EXPECT_EQ(loadText("eventbus: {replicas: 3}\n").config.eventbus.replicas, 3);
    EXPECT_EQ(
        loadConfig(requestFor(std::nullopt, {{"GAME_EVENTBUS_REPLICAS", "5"}})).config.eventbus.replicas, 5);
    EXPECT_THAT(problemsOf({{"GAME_EVENTBUS_REPLICAS", "0"}}),
                HasSubstr("env GAME_EVENTBUS_REPLICAS: eventbus.replicas: expected an integer from 1 to 5, "
                          "got \"0\""));
    EXPECT_THAT(problemsOf({{"GAME_EVENTBUS_REPLICAS", "6"}}), HasSubstr("from 1 to 5"));
}

// A misspelt key gets a did-you-mean to the new key.
TEST(EventbusSecurityConfig, DidYouMean) {
    TempDir dir;
    const auto error = errorOf(requestFor(dir.write("x.yml", "eventbus:\n  replica: 3\n")));
    EXPECT_THAT(std::string(error.what()), HasSubstr("did you mean `replicas`?"));
    const auto envWarnings =
        loadConfig(requestFor(std::nullopt, {{"GAME_EVENTBUS_TLS_CAFILE", "x"}})).warnings;
    ASSERT_EQ(envWarnings.size(), 1u);
    EXPECT_THAT(envWarnings[0], HasSubstr("did you mean GAME_EVENTBUS_TLS_CA_FILE"));
}

// The token is a secret: --print-config shows <redacted> and its source, never the token.
TEST(EventbusSecurityConfig, TokenIsRedacted) {
    const auto loaded = loadConfig(requestFor(std::nullopt, {{"GAME_EVENTBUS_TOKEN", "s3cr3t-token"}}));
    EXPECT_EQ(loaded.config.eventbus.token, "s3cr3t-token");
    const auto text = renderEffectiveConfig(loaded);
    EXPECT_THAT(text, HasSubstr("  token: \"<redacted>\"  # env GAME_EVENTBUS_TOKEN\n"));
    EXPECT_EQ(text.find("s3cr3t-token"), std::string::npos);
    EXPECT_THAT(text, HasSubstr("  tls_ca_file: \"\"  # default\n"));
}

// Readable files are accepted and printed as given.
TEST(EventbusSecurityConfig, ReadableFilesAccepted) {
    TempDir dir;
    const auto ca = dir.write("ca.pem", "x").string();
    const auto creds = dir.write("user.creds", "x").string();
    const auto loaded = loadConfig(
        requestFor(std::nullopt, {{"GAME_EVENTBUS_TLS_CA_FILE", ca}, {"GAME_EVENTBUS_CREDS_FILE", creds}}));
    EXPECT_EQ(loaded.config.eventbus.tls_ca_file, ca);
    EXPECT_EQ(loaded.config.eventbus.creds_file, creds);
    EXPECT_THAT(renderEffectiveConfig(loaded), HasSubstr("  creds_file: \"" + creds + "\""));
}

// A file that does not exist is a config error with the key, the path and the reason.
TEST(EventbusSecurityConfig, MissingFileIsAnError) {
    const std::string missing = "/nonexistent/mmo/user.creds";
    EXPECT_EQ(problemsOf({{"GAME_EVENTBUS_CREDS_FILE", missing}}),
              "env GAME_EVENTBUS_CREDS_FILE: eventbus.creds_file: cannot read \"" + missing +
                  "\": No such file or directory; hint: give the path of an existing readable file "
                  "(relative paths are taken from the node's working directory), or leave "
                  "eventbus.creds_file empty\n");
    for (const char* name : {"GAME_EVENTBUS_TLS_CA_FILE", "GAME_EVENTBUS_TLS_CERT_FILE"})
        EXPECT_THAT(problemsOf({{name, missing}}), HasSubstr("cannot read \"" + missing + "\""));
}

// The problem is located where the value was given: the file's line and column.
TEST(EventbusSecurityConfig, MissingFileLocatedInFile) {
    TempDir dir;
    const auto path = dir.write("x.yml", "eventbus:\n  tls_ca_file: /nonexistent/ca.pem\n");
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].where, path.string() + ":2:16");
    EXPECT_EQ(error.problems()[0].key, "eventbus.tls_ca_file");
}

// A directory or an unreadable file is refused with the reason.
TEST(EventbusSecurityConfig, DirectoryOrUnreadableIsAnError) {
    TempDir dir;
    EXPECT_THAT(
        problemsOf({{"GAME_EVENTBUS_TLS_CA_FILE", dir.path().string()}}),
        HasSubstr("eventbus.tls_ca_file: cannot read \"" + dir.path().string() + "\": is a directory"));
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
    const auto locked = dir.write("key.pem", "x");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    EXPECT_THAT(problemsOf({{"GAME_EVENTBUS_CREDS_FILE", locked.string()}}), HasSubstr("Permission denied"));
}

// A file overridden by a later layer is never opened: only the effective value counts.
TEST(EventbusSecurityConfig, OverriddenFileIsNotChecked) {
    TempDir dir;
    const auto ca = dir.write("ca.pem", "x").string();
    const auto path = dir.write("x.yml", "eventbus:\n  tls_ca_file: /nonexistent/ca.pem\n");
    EXPECT_EQ(loadConfig(requestFor(path, {{"GAME_EVENTBUS_TLS_CA_FILE", ca}})).config.eventbus.tls_ca_file,
              ca);
}

// A client certificate without its key (or the other way round) names both keys.
TEST(EventbusSecurityConfig, CertAndKeyGoTogether) {
    TempDir dir;
    const auto file = dir.write("a.pem", "x").string();
    for (const char* name : {"GAME_EVENTBUS_TLS_CERT_FILE", "GAME_EVENTBUS_TLS_KEY_FILE"}) {
        const auto text = problemsOf({{name, file}});
        EXPECT_THAT(text, HasSubstr("mutual TLS needs the client certificate and its key together")) << name;
        EXPECT_THAT(text, HasSubstr("set both eventbus.tls_cert_file and eventbus.tls_key_file, or neither"));
        EXPECT_THAT(text, HasSubstr(std::string("env ") + name + ": ")) << "located at the key that was set";
    }
    EXPECT_NO_THROW(loadConfig(requestFor(
        std::nullopt, {{"GAME_EVENTBUS_TLS_CERT_FILE", file}, {"GAME_EVENTBUS_TLS_KEY_FILE", file}})));
}

// Token and creds file together is an error: pick one way to authenticate.
TEST(EventbusSecurityConfig, TokenAndCredsExclusive) {
    TempDir dir;
    const auto creds = dir.write("user.creds", "x").string();
    const auto text = problemsOf({{"GAME_EVENTBUS_TOKEN", "t"}, {"GAME_EVENTBUS_CREDS_FILE", creds}});
    EXPECT_THAT(text, HasSubstr("eventbus.token and eventbus.creds_file are both set"));
    EXPECT_EQ(text.find(creds + "\""), std::string::npos) << "not a file problem";
}

// A control character in the token or a path is refused (it would never reach NATS intact).
TEST(EventbusSecurityConfig, ControlCharactersRefused) {
    EXPECT_THAT(problemsOf({{"GAME_EVENTBUS_TOKEN", "a\nb"}}),
                HasSubstr("eventbus.token: expected any text"));
    EXPECT_THAT(problemsOf({{"GAME_EVENTBUS_TOKEN", "hunter2\tx"}}), Not(HasSubstr("hunter2")))
        << "a secret is not echoed";
    EXPECT_THAT(problemsOf({{"GAME_EVENTBUS_TLS_KEY_FILE", "a\nb"}}),
                HasSubstr("eventbus.tls_key_file: expected a path to a readable file"));
}

}  // namespace
}  // namespace mmo::config
