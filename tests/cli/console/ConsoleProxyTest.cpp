// The console's attack surface in-process: the proxy's allow-list (only the set's regions, only the listed
// node paths and methods, plain bounded queries) and the server's guard (127.0.0.1 only, Host and Origin
// checks, JSON posts, bounded bodies), against a real ConsoleServer on a real socket.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "cli/console/ConsoleAssets.hpp"
#include "cli/console/ConsoleServer.hpp"
#include "cli/console/ProxyRules.hpp"
#include "cli/state/StateFile.hpp"
#include "common/log/Logging.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/TempDir.hpp"

namespace {

using mmo::cli::console::ProxyMethod;
using mmo::cli::console::ProxyRegion;
using mmo::cli::console::resolveProxyTarget;

const std::vector<ProxyRegion> kRegions{{"eu-west-1", 8088}, {"us-east-1", 8089}};

TEST(ConsoleProxyRules, ForwardsListedReadPathsOfTheSetsRegionsByAliasOrId) {
    const auto a = resolveProxyTarget(ProxyMethod::Get, "/proxy/eu/api/world/chunk?cx=-1&cy=2", kRegions);
    ASSERT_TRUE(a.target);
    EXPECT_EQ(a.target->region, "eu-west-1");
    EXPECT_EQ(a.target->port, 8088);
    EXPECT_EQ(a.target->target, "/api/world/chunk?cx=-1&cy=2");
    EXPECT_FALSE(a.target->sendsAuth);
    const auto b = resolveProxyTarget(ProxyMethod::Get, "/proxy/us-east-1/readyz", kRegions);
    ASSERT_TRUE(b.target);
    EXPECT_EQ(b.target->port, 8089);
    EXPECT_EQ(b.target->target, "/readyz");
    for (const auto path : mmo::cli::console::allowedGetPaths())
        EXPECT_TRUE(resolveProxyTarget(ProxyMethod::Get, "/proxy/eu" + std::string(path), kRegions).target)
            << path;
}

TEST(ConsoleProxyRules, PostsOnlyTheLoginAndTheAdminEventAndPassesTheTokenOnlyThere) {
    const auto login = resolveProxyTarget(ProxyMethod::Post, "/proxy/eu/api/auth/login", kRegions);
    ASSERT_TRUE(login.target);
    EXPECT_FALSE(login.target->sendsAuth);
    const auto send = resolveProxyTarget(ProxyMethod::Post, "/proxy/eu/api/admin/events/send", kRegions);
    ASSERT_TRUE(send.target);
    EXPECT_TRUE(send.target->sendsAuth);
    // Admin routes that change a world outside the sync are not reachable through the console.
    for (const auto* path : {"/proxy/eu/api/admin/world/merge", "/proxy/eu/api/admin/world/complete"}) {
        const auto refused = resolveProxyTarget(ProxyMethod::Post, path, kRegions);
        EXPECT_FALSE(refused.target) << path;
        EXPECT_EQ(refused.refusal.status, 404u) << path;
        EXPECT_EQ(refused.refusal.code, "path_not_allowed") << path;
    }
    const auto getLogin = resolveProxyTarget(ProxyMethod::Get, "/proxy/eu/api/auth/login", kRegions);
    EXPECT_EQ(getLogin.refusal.status, 405u);
    const auto postRead = resolveProxyTarget(ProxyMethod::Post, "/proxy/eu/api/status", kRegions);
    EXPECT_EQ(postRead.refusal.status, 405u);
}

TEST(ConsoleProxyRules, IsNoOpenProxy) {
    struct Case {
        const char* target;
        unsigned status;
        const char* code;
    };
    for (const auto& c : std::vector<Case>{
             {"/proxy/ap/api/status", 404, "unknown_region"},  // a region the set does not run
             {"/proxy/Evil.example:80/api/status", 404, "unknown_region"},
             {"/proxy/127.0.0.1:22/api/status", 404, "unknown_region"},
             {"/proxy/eu,us/api/status", 404, "unknown_region"},
             {"/proxy/eu/metrics", 404, "path_not_allowed"},
             {"/proxy/eu/api/status/../admin/world/merge", 404, "path_not_allowed"},
             {"/proxy/eu//api/status", 404, "path_not_allowed"},
             {"/proxy/eu", 404, "path_not_allowed"},
             {"/proxy/eu/api/world/block?x=1&y=2%0d%0aHost:evil", 400, "bad_query"},
             {"/proxy/eu/api/world/block?x=1#frag", 400, "bad_query"},
             {"/other/eu/api/status", 404, "not_found"},
         }) {
        const auto d = resolveProxyTarget(ProxyMethod::Get, c.target, kRegions);
        EXPECT_FALSE(d.target) << c.target;
        EXPECT_EQ(d.refusal.status, c.status) << c.target;
        EXPECT_EQ(d.refusal.code, c.code) << c.target;
    }
    const std::string longQuery = "/proxy/eu/api/world/block?x=" + std::string(300, '1');
    EXPECT_EQ(resolveProxyTarget(ProxyMethod::Get, longQuery, kRegions).refusal.code, "bad_query");
}

TEST(ConsoleAssets, ThePageIsEmbeddedAndSelfContained) {
    const auto* index = mmo::cli::console::findAsset("/");
    ASSERT_NE(index, nullptr);
    EXPECT_EQ(index->contentType, "text/html; charset=utf-8");
    EXPECT_NE(index->body.find("/console.js"), std::string_view::npos);
    ASSERT_NE(mmo::cli::console::findAsset("/console.js"), nullptr);
    ASSERT_NE(mmo::cli::console::findAsset("/console.css"), nullptr);
    for (const auto& asset : mmo::cli::console::consoleAssets()) {
        // Nothing is loaded from elsewhere, and no token is ever stored.
        EXPECT_EQ(asset.body.find("http://"), std::string_view::npos) << asset.path;
        EXPECT_EQ(asset.body.find("https://"), std::string_view::npos) << asset.path;
        EXPECT_EQ(asset.body.find("localStorage"), std::string_view::npos) << asset.path;
        EXPECT_EQ(asset.body.find("sessionStorage"), std::string_view::npos) << asset.path;
        EXPECT_EQ(asset.body.find("document.cookie"), std::string_view::npos) << asset.path;
    }
}

// A real ConsoleServer on 127.0.0.1 for a set whose regions listen nowhere.
class ConsoleServerGuard : public ::testing::Test {
  protected:
    void SetUp() override {
        mmo::cli::SetState state;
        state.stateDir = dir_.path().string();
        mmo::cli::RegionRecord eu;
        eu.process = {"eu-west-1", 0, "/bin/false", (dir_.path() / "eu.log").string()};
        eu.restPort = 1;  // nothing listens there: the region reads as down
        state.regions.push_back(eu);
        mmo::cli::PrometheusRecord prometheus;  // up --monitoring: the page links to its graphs
        prometheus.process = {"prometheus", 0, "/bin/false", (dir_.path() / "prometheus.log").string()};
        prometheus.port = 9090;
        state.prometheus = prometheus;
        mmo::cli::writeState(state);
        server_ = std::make_unique<mmo::cli::console::ConsoleServer>(
            mmo::cli::console::ConsoleSettings{dir_.path(), 0},
            mmo::logging::makeLogger("console-test", spdlog::level::warn, mmo::logging::Format::Text));
        thread_ = std::thread([this] { server_->run(); });
    }
    void TearDown() override {
        server_->stop();
        thread_.join();
    }
    mmo::test::HttpResult get(const std::string& path, const mmo::test::HttpHeaders& headers = {}) {
        return mmo::test::httpRequest("GET", server_->port(), path, {}, headers);
    }
    static std::string code(const mmo::test::HttpResult& r) {
        boost::system::error_code error;
        const auto body = boost::json::parse(r.body, error);
        if (error || !body.is_object() || !body.as_object().contains("error")) return "";
        return std::string(body.at("error").at("code").as_string());
    }

    mmo::test::TempDir dir_{"console-guard"};
    std::unique_ptr<mmo::cli::console::ConsoleServer> server_;
    std::thread thread_;
};

TEST_F(ConsoleServerGuard, ServesThePageWithAStrictPolicy) {
    auto page = get("/");
    ASSERT_EQ(page.status, 200) << page.raw;
    EXPECT_NE(page.body.find("mmoctl console"), std::string::npos);
    EXPECT_NE(page.headers["content-security-policy"].find("default-src 'none'"), std::string::npos);
    EXPECT_NE(page.headers["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
    EXPECT_EQ(server_->url(), "http://127.0.0.1:" + std::to_string(server_->port()) + "/");
    const auto set = get("/console/set");
    ASSERT_EQ(set.status, 200);
    EXPECT_NE(set.body.find("\"eu-west-1\""), std::string::npos);
    EXPECT_NE(set.body.find("\"prometheus_url\":\"http://127.0.0.1:9090/\""), std::string::npos) << set.body;
}

TEST_F(ConsoleServerGuard, ADownRegionIsDataNotAnError) {
    const auto answer = get("/proxy/eu/api/status");
    ASSERT_EQ(answer.status, 200) << answer.raw;
    const auto body = boost::json::parse(answer.body).as_object();
    EXPECT_EQ(body.at("region").as_string(), "eu-west-1");
    EXPECT_EQ(body.at("status").as_int64(), 0);
    EXPECT_FALSE(body.at("error").as_string().empty());
}

TEST_F(ConsoleServerGuard, RefusesForeignHostsOriginsAndNonJsonPosts) {
    // DNS rebinding: a name other than localhost or an IP address.
    const auto rebound = mmo::test::rawHttpExchange(
        server_->port(), "GET / HTTP/1.1\r\nHost: attacker.example:" + std::to_string(server_->port()) +
                             "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(rebound.status, 403);
    EXPECT_EQ(code(rebound), "host_not_allowed");
    const auto reboundProxy = mmo::test::rawHttpExchange(
        server_->port(),
        "GET /proxy/eu/api/status HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reboundProxy.status, 403);
    EXPECT_EQ(code(reboundProxy), "host_not_allowed");
    // A page of another origin posting through the visitor's browser.
    const auto foreign = mmo::test::httpRequest(
        "POST", server_->port(), "/proxy/eu/api/auth/login", R"({"username":"admin","password":"x"})",
        {{"Origin", "http://evil.example"}, {"Content-Type", "application/json"}});
    EXPECT_EQ(foreign.status, 403);
    EXPECT_EQ(code(foreign), "origin_not_allowed");
    const auto otherPort = get("/proxy/eu/api/status", {{"Origin", "http://127.0.0.1:1"}});
    EXPECT_EQ(otherPort.status, 403);
    // The console's own origin is served.
    const auto own =
        get("/proxy/eu/api/status", {{"Origin", "http://127.0.0.1:" + std::to_string(server_->port())}});
    EXPECT_EQ(own.status, 200);
    const auto form = mmo::test::httpRequest("POST", server_->port(), "/proxy/eu/api/auth/login", "a=b",
                                             {{"Content-Type", "text/plain"}});
    EXPECT_EQ(form.status, 415);
    const auto notListed = get("/proxy/eu/metrics");
    EXPECT_EQ(notListed.status, 404);
    EXPECT_EQ(code(notListed), "path_not_allowed");
    const auto put = mmo::test::httpRequest("PUT", server_->port(), "/proxy/eu/api/status", "{}");
    EXPECT_EQ(put.status, 405);
}

TEST_F(ConsoleServerGuard, BoundsBodies) {
    const std::string big(mmo::cli::console::ConsoleServer::kBodyLimit + 1, 'x');
    const auto answer = mmo::test::httpRequest("POST", server_->port(), "/proxy/eu/api/auth/login", big,
                                               {{"Content-Type", "application/json"}});
    EXPECT_EQ(answer.status, 413);
}

}  // namespace
