#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

// The HTTP exposure keys (docs/security.md): connection limits, the idle timeout, the origin and host
// lists, the descriptor reserve.
namespace mmo::config {
namespace {
using testing::errorOf;
using ::testing::HasSubstr;
using testing::requestFor;

NodeConfig loadEnv(const std::map<std::string, std::string>& env) {
    return loadConfig(requestFor(std::nullopt, env)).config;
}

std::string envProblem(const std::string& name, const std::string& value) {
    const auto error = errorOf(requestFor(std::nullopt, {{name, value}}));
    if (error.problems().size() != 1) return "unexpected problems:\n" + std::string(error.what());
    return error.problems()[0].format();
}

TEST(HttpExposureConfig, DefaultsAreSafeForAPublicNode) {
    const NodeConfig c;
    EXPECT_EQ(c.server.http_max_connections, 1024);
    EXPECT_EQ(c.server.http_max_connections_per_address, 32);
    EXPECT_EQ(c.server.http_idle_timeout_seconds, 10);
    EXPECT_EQ(c.server.http_allowed_origins, "");
    EXPECT_EQ(c.server.http_allowed_hosts, "");
    EXPECT_EQ(c.server.reserved_file_descriptors, 128);
}

TEST(HttpExposureConfig, ListsAreCommaSeparated) {
    const auto c = loadEnv({{"GAME_SERVER_HTTP_ALLOWED_ORIGINS", "https://a.example, http://b.example:8080"},
                            {"GAME_SERVER_HTTP_ALLOWED_HOSTS", "n1.example,n2.example"}});
    EXPECT_EQ(c.server.http_allowed_origins, "https://a.example, http://b.example:8080");
    EXPECT_EQ(c.server.http_allowed_hosts, "n1.example,n2.example");
}

TEST(HttpExposureConfig, BadValuesNameTheKeyAndWhatIsValid) {
    EXPECT_THAT(envProblem("GAME_SERVER_HTTP_ALLOWED_ORIGINS", "admin.example"),
                HasSubstr("server.http_allowed_origins: expected a comma-separated list of origins like "
                          "https://admin.example.com (empty: none), got \"admin.example\""));
    EXPECT_THAT(envProblem("GAME_SERVER_HTTP_ALLOWED_ORIGINS", "https://a.example/path"),
                HasSubstr("server.http_allowed_origins"));
    EXPECT_THAT(envProblem("GAME_SERVER_HTTP_ALLOWED_HOSTS", "a b"), HasSubstr("server.http_allowed_hosts"));
    EXPECT_THAT(envProblem("GAME_SERVER_HTTP_ALLOWED_HOSTS", "http://n.example"),
                HasSubstr("server.http_allowed_hosts"));
    EXPECT_THAT(envProblem("GAME_SERVER_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "0"),
                HasSubstr("expected an integer from 1 to 1000000"));
    EXPECT_THAT(envProblem("GAME_SERVER_HTTP_IDLE_TIMEOUT_SECONDS", "0"),
                HasSubstr("expected an integer from 1 to 3600"));
    EXPECT_THAT(envProblem("GAME_SERVER_RESERVED_FILE_DESCRIPTORS", "8"),
                HasSubstr("expected an integer from 16 to 1000000"));
}

}  // namespace
}  // namespace mmo::config
