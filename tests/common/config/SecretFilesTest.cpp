// The *_file secret keys, the regular-file rule of every file key and the auth.jwt_secret minimum, through
// the loader (real files, FIFOs and devices on disk; nothing is served).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {
using testing::errorOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::requestFor;
using testing::TempDir;

std::string problemsOf(const LoadRequest& request) {
    const ConfigError error = errorOf(request);
    std::string text;
    for (const auto& problem : error.problems()) text += problem.format() + "\n";
    return text;
}

FlagOverride flag(const std::string& key, const std::string& value) {
    return {key, value, "--" + key};
}

// Each secret has a *_file key (config, env and flag); the content minus one trailing newline is the value,
// and --print-config still redacts it and names the file key as its source.
TEST(SecretFiles, EachSecretComesFromItsFile) {
    TempDir dir;
    const auto password = dir.write("password", "from-a-file-1234\n");
    const auto secret = dir.write("jwt", "0123456789abcdef0123\r\n");
    const auto token = dir.write("token", "nats-token-xyz");
    const auto loaded = loadConfig(requestFor(
        std::nullopt, {{"GAME_AUTH_JWT_SECRET_FILE", secret.string()}},
        {flag("auth.admin_password_file", password.string()), flag("eventbus.token_file", token.string())}));
    EXPECT_EQ(loaded.config.auth.admin_password, "from-a-file-1234");
    EXPECT_EQ(loaded.config.auth.jwt_secret, "0123456789abcdef0123");
    EXPECT_EQ(loaded.config.eventbus.token, "nats-token-xyz");
    EXPECT_EQ(formatSource(loaded.sources.at("auth.admin_password")), "flag --auth.admin_password_file");
    const std::string printed = renderEffectiveConfig(loaded);
    EXPECT_THAT(printed, Not(HasSubstr("from-a-file-1234")));
    EXPECT_THAT(printed, Not(HasSubstr("nats-token-xyz")));
    EXPECT_THAT(printed, HasSubstr("admin_password_file: \"" + password.string() + "\""));
    EXPECT_EQ(envNamesFor("auth.admin_password_file"),
              (std::vector<std::string>{"GAME_AUTH_ADMIN_PASSWORD_FILE"}));
}

// A secret given both ways is refused: which one wins would be a guess.
TEST(SecretFiles, SecretAndItsFileTogetherAreRefused) {
    TempDir dir;
    const auto password = dir.write("password", "from-a-file-1234");
    const auto text = problemsOf(requestFor(std::nullopt, {{"GAME_AUTH_ADMIN_PASSWORD", "other-password"}},
                                            {flag("auth.admin_password_file", password.string())}));
    EXPECT_THAT(text, HasSubstr("auth.admin_password_file and auth.admin_password (env "
                                "GAME_AUTH_ADMIN_PASSWORD) are both set"));
}

// The secret from a file is checked like the value itself; the message never shows it.
TEST(SecretFiles, ShortJwtSecretFromFileIsRefusedWithoutEchoingIt) {
    TempDir dir;
    const auto secret = dir.write("jwt", "tiny-secret\n");
    const auto text =
        problemsOf(requestFor(std::nullopt, {}, {flag("auth.jwt_secret_file", secret.string())}));
    EXPECT_THAT(text, HasSubstr("auth.jwt_secret: expected at least 16 bytes"));
    EXPECT_THAT(text, HasSubstr("got a value of 11 bytes"));
    EXPECT_THAT(text, Not(HasSubstr("tiny-secret")));
}

// The loader refuses a too-short auth.jwt_secret, as the node's start does (both exit 2).
TEST(SecretFiles, ShortJwtSecretIsAConfigProblem) {
    const auto text = problemsOf(requestFor(std::nullopt, {{"GAME_AUTH_JWT_SECRET", "short"}}));
    EXPECT_THAT(text, HasSubstr("env GAME_AUTH_JWT_SECRET: auth.jwt_secret: expected at least 16 bytes"));
    EXPECT_THAT(text, Not(HasSubstr("short\"")));
    EXPECT_NO_THROW(loadConfig(requestFor(std::nullopt, {{"GAME_AUTH_JWT_SECRET", "0123456789abcdef"}})));
    EXPECT_NO_THROW(loadConfig(requestFor(std::nullopt, {{"GAME_AUTH_JWT_SECRET", ""}})));
}

// A FIFO, a device or a symlink to a FIFO is refused for every file key, at once (no blocking open).
TEST(SecretFiles, OnlyRegularFilesAreAccepted) {
    TempDir dir;
    const auto fifo = dir.path() / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto link = dir.path() / "link-to-fifo";
    std::filesystem::create_symlink(fifo, link);
    for (const std::string key :
         {"eventbus.creds_file", "eventbus.tls_ca_file", "auth.admin_password_file", "eventbus.token_file"}) {
        SCOPED_TRACE(key);
        EXPECT_THAT(problemsOf(requestFor(std::nullopt, {}, {flag(key, fifo.string())})),
                    HasSubstr(key + ": cannot read \"" + fifo.string() + "\": is a FIFO"));
        EXPECT_THAT(problemsOf(requestFor(std::nullopt, {}, {flag(key, link.string())})),
                    HasSubstr("is a FIFO"));
        EXPECT_THAT(problemsOf(requestFor(std::nullopt, {}, {flag(key, "/dev/zero")})),
                    HasSubstr("is a character device"));
    }
}

// A symlink to a regular file is fine; a file over storage.file_key_limit_bytes is refused.
TEST(SecretFiles, SizeCapAndSymlinksToRegularFiles) {
    TempDir dir;
    const auto ca = dir.write("ca.pem", std::string(3000, 'x'));
    const auto link = dir.path() / "ca-link.pem";
    std::filesystem::create_symlink(ca, link);
    EXPECT_NO_THROW(loadConfig(requestFor(std::nullopt, {}, {flag("eventbus.tls_ca_file", link.string())})));
    EXPECT_THAT(problemsOf(requestFor(std::nullopt, {},
                                      {flag("eventbus.tls_ca_file", link.string()),
                                       flag("storage.file_key_limit_bytes", "2048")})),
                HasSubstr("is 3000 bytes, over the limit of 2048 (storage.file_key_limit_bytes)"));
    const auto password = dir.write("password", std::string(4096, 'p'));
    EXPECT_THAT(problemsOf(requestFor(std::nullopt, {},
                                      {flag("auth.admin_password_file", password.string()),
                                       flag("storage.file_key_limit_bytes", "1024")})),
                HasSubstr("auth.admin_password_file: cannot read"));
}

}  // namespace
}  // namespace mmo::config
