// A NATS password in eventbus.url never leaves the node: not in the unauthenticated REST answers, not in
// the log (connected, lost, reconnected), not in --print-config, not in a config error. A real
// nats-server with --user/--pass and a real mmo-node.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kUser = "bususer";
constexpr const char* kPassword = "pw-7f3a9c-never-shown";

class NatsCredentials : public ::testing::Test {
  protected:
    std::string urlWithCredentials() const {
        return "nats://" + std::string(kUser) + ":" + kPassword +
               "@127.0.0.1:" + std::to_string(nats_.clientPort());
    }
    std::string redactedUrl() const {
        return "nats://" + std::string(kUser) + ":<redacted>@127.0.0.1:" + std::to_string(nats_.clientPort());
    }

    TempDir dir_{"nats-credentials"};
    NatsServerProcess nats_{dir_.path() / "nats", dir_.path(),
                            NatsServerOptions{.extraArgs = {"--user", kUser, "--pass", kPassword}}};
};

// Connected, then the server goes away and comes back: every answer and log line names the server with
// the user but never the password.
TEST_F(NatsCredentials, RestAnswersAndLogLinesShowTheUrlRedacted) {
    RegionNode eu("eu-west-1", dir_.path(), urlWithCredentials());
    ASSERT_TRUE(waitUntil([&] { return httpGet(eu.rest(), "/readyz").status == 200; }, 20s)) << eu.log();

    const auto status = httpGet(eu.rest(), "/api/status");
    const auto sync = httpGet(eu.rest(), "/api/sync/status");
    EXPECT_THAT(status.body, HasSubstr(redactedUrl()));
    EXPECT_THAT(sync.body, HasSubstr(redactedUrl()));

    nats_.stop();
    ASSERT_TRUE(waitUntil([&] { return eu.log().find("NATS connection lost") != std::string::npos; }, 20s))
        << eu.log();
    nats_.restart();
    ASSERT_TRUE(
        waitUntil([&] { return eu.log().find("NATS connection restored") != std::string::npos; }, 30s))
        << eu.log();
    ASSERT_TRUE(waitUntil([&] { return httpGet(eu.rest(), "/readyz").status == 200; }, 20s)) << eu.log();

    EXPECT_THAT(eu.log(), HasSubstr("Connected to NATS at " + redactedUrl()));
    EXPECT_THAT(eu.log(), HasSubstr("NATS connection lost (" + redactedUrl() + ")"));
    EXPECT_THAT(eu.log(), HasSubstr("NATS connection restored (" + redactedUrl() + ")"));
    for (const auto& text : {eu.log(), status.body, sync.body, httpGet(eu.rest(), "/api/status").body})
        EXPECT_THAT(text, Not(HasSubstr(kPassword)));
}

// --print-config names the URL with its password redacted, and a bad URL's error does too.
TEST_F(NatsCredentials, PrintConfigAndConfigErrorsRedactThePassword) {
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_URL", urlWithCredentials());
    const auto printed = runNode(dir_, {"--print-config"}, env);
    ASSERT_EQ(printed.exitCode, 0) << printed.err;
    EXPECT_THAT(printed.out, HasSubstr(redactedUrl()));
    EXPECT_THAT(printed.out + printed.err, Not(HasSubstr(kPassword)));

    env.set("GAME_EVENTBUS_URL", "nats://" + std::string(kUser) + ":" + kPassword + "@127.0.0.1:notaport");
    const auto bad = runNode(dir_, {"--check-config"}, env);
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_THAT(bad.err, HasSubstr("eventbus.url"));
    EXPECT_THAT(bad.out + bad.err, Not(HasSubstr(kPassword)));
}

}  // namespace
}  // namespace mmo::test
