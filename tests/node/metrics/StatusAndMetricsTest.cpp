#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <boost/json/serialize.hpp>

#include "node/api/HealthRoutes.hpp"
#include "node/api/StatusRoute.hpp"
#include "node/metrics/MetricsEndpoint.hpp"

namespace mmo {
namespace {

namespace beasthttp = boost::beast::http;
using std::chrono::seconds;
using std::chrono::steady_clock;

http::Response get(const http::Router& router, const std::string& target) {
    http::Response out;
    router.dispatch(http::Request{beasthttp::verb::get, target, 11}, http::RequestContext{},
                    [&](http::Response r) { out = std::move(r); });
    return out;
}

http::Router router() {
    return http::Router(
        std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>()));
}

// The status body carries region, version, uptime from the injected clock, and the bound ports.
TEST(StatusRouteTest, BodyHasRegionVersionUptimeAndPorts) {
    const auto start = steady_clock::time_point{} + seconds(100);
    const api::StatusInfo info{"us-east-1", "0.1.0", {7779, 7780, 8089, 2113}, start};
    const auto body = boost::json::serialize(api::statusBody(info, start + seconds(42), {}));
    EXPECT_EQ(body, R"({"region":"us-east-1","version":"0.1.0","uptime_seconds":42,)"
                    R"("ports":{"tcp":7779,"udp":7780,"rest":8089,"metrics":2113}})");
}

// Contributors add their fields (the seam for NATS state and players).
TEST(StatusRouteTest, ContributorsAddFields) {
    auto r = router();
    api::addStatusRoute(r, {"eu-west-1", "0.1.0", {}, steady_clock::now()},
                        [] { return steady_clock::now(); },
                        {[](boost::json::object& body) { body["players_online"] = 3; }});
    EXPECT_NE(get(r, "/api/status").body().find(R"("players_online":3)"), std::string::npos);
}

// /readyz follows the readiness check: 503 with the reason when not ready.
TEST(HealthRoutesTest, ReadyzFollowsCheck) {
    auto r = router();
    bool ready = true;
    api::addHealthRoutes(r, [&] { return api::Readiness{ready, "nats disconnected"}; });
    EXPECT_EQ(get(r, "/readyz").body(), "{\"ready\":true}\n");
    ready = false;
    const auto response = get(r, "/readyz");
    EXPECT_EQ(response.result(), beasthttp::status::service_unavailable);
    EXPECT_NE(response.body().find("nats disconnected"), std::string::npos);
    EXPECT_EQ(get(r, "/healthz").body(), "{\"status\":\"ok\"}\n");
}

// /metrics serves build_info in the Prometheus text format.
TEST(MetricsEndpointTest, BuildInfo) {
    auto r = router();
    metrics::addMetricsRoute(r, {metrics::buildInfoCollector("0.1.0", "eu-west-1")});
    const auto response = get(r, "/metrics");
    EXPECT_EQ(response[beasthttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(response.body().find("# TYPE build_info gauge\n"), std::string::npos);
    EXPECT_NE(response.body().find("build_info{version=\"0.1.0\",region=\"eu-west-1\"} 1\n"),
              std::string::npos);
}

// Label values are escaped in build_info.
TEST(MetricsEndpointTest, BuildInfoEscapesLabels) {
    std::string out;
    metrics::buildInfoCollector("0.1.0", "odd\"region")(out);
    EXPECT_NE(out.find("region=\"odd\\\"region\""), std::string::npos) << out;
}

}  // namespace
}  // namespace mmo
