#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

// The REST API integration tests' fixture: a real nats-server and real mmo-node processes per test (each
// test gets fresh processes, so the per-address login throttle of one test never locks out another).
namespace mmo::test {

using namespace std::chrono_literals;

inline constexpr const char* kAdminLogin = R"({"username":"admin","password":"ChangeMe123!"})";

class RestApiTest : public ::testing::Test {
  protected:
    void SetUp() override { nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path()); }

    // Starts a node of `region` on NATS and waits until /readyz is 200.
    NodeProcess& startNode(const std::string& region) {
        return *nodes_.emplace_back(startRegionNode(dir_.path(), nats_->url(), region));
    }

    // Logs in as admin / ChangeMe123! and returns the token ("" on failure, with a test failure).
    static std::string login(const NodeProcess& node) {
        const auto result = httpPost(node.ports().rest, "/api/auth/login", kAdminLogin);
        EXPECT_EQ(result.status, 200) << result.raw;
        const auto body = json(result);
        return body.is_object() && body.as_object().contains("token")
                   ? std::string(body.at("token").as_string())
                   : std::string();
    }

    // POSTs an admin event with the token.
    static HttpResult sendEvent(const NodeProcess& node, const std::string& token, const std::string& body,
                                const std::string& query = "") {
        return httpPost(node.ports().rest, "/api/admin/events/send" + query, body,
                        {{"Authorization", "Bearer " + token}});
    }

    // The response body as JSON (null when it is not JSON).
    static boost::json::value json(const HttpResult& result) {
        boost::system::error_code error;
        auto value = boost::json::parse(result.body, error);
        return error ? boost::json::value() : value;
    }

    // error.code of an error response ("" when the body is not the error shape).
    static std::string errorCode(const HttpResult& result) {
        const auto body = json(result);
        const auto* error = body.is_object() ? body.as_object().if_contains("error") : nullptr;
        if (error == nullptr || !error->is_object() || !error->as_object().contains("code")) return {};
        return std::string(error->at("code").as_string());
    }

    // The value of the sample `series` (name plus labels, exactly as exposed) in a /metrics scrape.
    static std::optional<double> sample(const std::string& scrape, const std::string& series) {
        const auto at = scrape.find("\n" + series + " ");
        if (at == std::string::npos) return std::nullopt;
        return std::stod(scrape.substr(at + series.size() + 2));
    }

    TempDir dir_{"rest-api"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::vector<std::unique_ptr<NodeProcess>> nodes_;
};

}  // namespace mmo::test
