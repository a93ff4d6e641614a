#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NodeProcess.hpp"

// Issue 16 item 6: a web page that rebinds its own name to 127.0.0.1 must not reach the REST API of a node
// that still has the default admin password, and no page may post to it across sites. Real mmo-node
// processes; the requests are what a browser would send (docs/security.md, "HTTP: REST, metrics and the
// chaos control API").
namespace mmo::test {
namespace {

const std::string kLogin = R"({"username":"admin","password":"ChangeMe123!"})";

// A request with exactly these headers (and Content-Length), answered and closed.
HttpResult send(std::uint16_t port, const std::string& method, const std::string& path,
                const std::string& headers, const std::string& body = {}) {
    std::string request = method + " " + path + " HTTP/1.1\r\n" + headers + "Connection: close\r\n";
    if (method == "POST") request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return rawHttpExchange(port, request + "\r\n" + body);
}

std::string errorCode(const HttpResult& result) {
    try {
        return std::string(boost::json::parse(result.body).at("error").at("code").as_string());
    } catch (const std::exception&) {
        return "(no JSON error in: " + result.raw + ")";
    }
}

std::string errorMessage(const HttpResult& result) {
    try {
        return std::string(boost::json::parse(result.body).at("error").at("message").as_string());
    } catch (const std::exception&) {
        return {};
    }
}

class DnsRebindingTest : public ::testing::Test {
  protected:
    TempDir dir_{"mmo-rebinding"};
};

// The issue's reproducer: a foreign Host and a text/plain body were accepted. Now each is refused with a
// JSON error that names what to fix, and the node's own clients (localhost, an IP) are still served.
TEST_F(DnsRebindingTest, DefaultPasswordNodeRefusesForeignHostsOriginsAndNonJsonBodies) {
    NodeProcess node(nodeBinary(), {}, nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto rest = node.ports().rest;
    const std::string json = "Content-Type: application/json\r\n";

    // The rebound page: its own name as Host (with and without an Origin, which a same-origin GET lacks).
    const auto rebound =
        send(rest, "POST", "/api/auth/login", "Host: rebind.attacker.example:8088\r\n" + json, kLogin);
    EXPECT_EQ(rebound.status, 403);
    EXPECT_EQ(errorCode(rebound), "host_not_allowed");
    EXPECT_NE(errorMessage(rebound).find("server.http_allowed_hosts"), std::string::npos) << rebound.body;
    EXPECT_NE(errorMessage(rebound).find("auth.admin_password"), std::string::npos) << rebound.body;
    EXPECT_EQ(rebound.headers.at("content-type"), "application/json");
    EXPECT_EQ(send(rest, "GET", "/api/status", "Host: rebind.attacker.example:8088\r\n").status, 403);

    // A cross-site page posting to localhost: its Origin.
    const auto crossSite = send(
        rest, "POST", "/api/auth/login",
        "Host: localhost:" + std::to_string(rest) + "\r\nOrigin: http://attacker.example\r\n" + json, kLogin);
    EXPECT_EQ(crossSite.status, 403);
    EXPECT_EQ(errorCode(crossSite), "origin_not_allowed");
    EXPECT_NE(errorMessage(crossSite).find("server.http_allowed_origins"), std::string::npos)
        << crossSite.body;

    // A "simple" cross-site POST needs no preflight: text/plain, a form.
    for (const std::string type : {"text/plain", "application/x-www-form-urlencoded"}) {
        const auto plain = send(rest, "POST", "/api/auth/login",
                                "Host: 127.0.0.1\r\nContent-Type: " + type + "\r\n", kLogin);
        EXPECT_EQ(plain.status, 415) << type;
        EXPECT_EQ(errorCode(plain), "unsupported_media_type");
        EXPECT_NE(errorMessage(plain).find("Content-Type: application/json"), std::string::npos)
            << plain.body;
    }
    const auto noType = send(rest, "POST", "/api/admin/events/send", "Host: 127.0.0.1\r\n",
                             R"({"event_type":"BlockEvent","data":{"x":1,"y":1,"block_type":"stone"}})");
    EXPECT_EQ(noType.status, 415);

    // The node's own clients are served: localhost, an IP address, and mmoctl-like JSON posts.
    EXPECT_EQ(send(rest, "POST", "/api/auth/login", "Host: localhost:" + std::to_string(rest) + "\r\n" + json,
                   kLogin)
                  .status,
              200);
    EXPECT_EQ(send(rest, "POST", "/api/auth/login", "Host: 127.0.0.1:" + std::to_string(rest) + "\r\n" + json,
                   kLogin)
                  .status,
              200);
    EXPECT_EQ(httpPost(rest, "/api/auth/login", kLogin).status, 200);
    // Healthy afterwards: /healthz, and a fresh client.
    EXPECT_EQ(httpGet(rest, "/healthz").status, 200);
    EXPECT_EQ(send(rest, "GET", "/healthz", "Host: [::1]:" + std::to_string(rest) + "\r\n").status, 200);
}

// The names an operator lists are served, and so is a listed origin.
TEST_F(DnsRebindingTest, ListedHostsAndOriginsAreServed) {
    NodeProcess node(nodeBinary(),
                     {"--server.http_allowed_hosts", "game.internal.example", "--server.http_allowed_origins",
                      "https://admin.internal.example"},
                     nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto rest = node.ports().rest;
    const auto login = send(rest, "POST", "/api/auth/login",
                            "Host: game.internal.example:8088\r\nOrigin: https://admin.internal.example\r\n"
                            "Content-Type: application/json; charset=utf-8\r\n",
                            kLogin);
    EXPECT_EQ(login.status, 200) << login.raw;
    EXPECT_EQ(send(rest, "GET", "/api/status", "Host: other.internal.example\r\n").status, 403);
}

// With a password of its own the node serves any Host (the default password is what the loopback rule
// protects), but Origin and Content-Type still hold.
TEST_F(DnsRebindingTest, OwnPasswordLiftsTheHostCheckOnly) {
    NodeProcess node(nodeBinary(), {"--auth.admin_password", "a-long-own-password-7"}, nodeEnvironment(),
                     dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto rest = node.ports().rest;
    const std::string body = R"({"username":"admin","password":"a-long-own-password-7"})";
    EXPECT_EQ(send(rest, "POST", "/api/auth/login",
                   "Host: game.example.net\r\nContent-Type: application/json\r\n", body)
                  .status,
              200);
    EXPECT_EQ(
        send(
            rest, "POST", "/api/auth/login",
            "Host: game.example.net\r\nOrigin: http://attacker.example\r\nContent-Type: application/json\r\n",
            body)
            .status,
        403);
    EXPECT_EQ(
        send(rest, "POST", "/api/auth/login", "Host: game.example.net\r\nContent-Type: text/plain\r\n", body)
            .status,
        415);
    EXPECT_EQ(httpGet(rest, "/healthz").status, 200);
}

// With the loopback rule off (auth.default_password_from_loopback: false, behind a local reverse proxy) the
// default password works from no client, so there is nothing for a rebinding page to gain: any Host is
// served, and the default password is refused.
TEST_F(DnsRebindingTest, NoHostCheckWhenTheDefaultPasswordWorksNowhere) {
    NodeProcess node(nodeBinary(), {"--auth.default_password_from_loopback", "false"}, nodeEnvironment(),
                     dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto rest = node.ports().rest;
    EXPECT_EQ(send(rest, "GET", "/api/status", "Host: game.example.net\r\n").status, 200);
    const auto login = send(rest, "POST", "/api/auth/login",
                            "Host: game.example.net\r\nContent-Type: application/json\r\n", kLogin);
    EXPECT_EQ(login.status, 403);
    EXPECT_EQ(errorCode(login), "default_password_remote");
}

}  // namespace
}  // namespace mmo::test
