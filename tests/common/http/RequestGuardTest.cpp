#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>

#include "common/http/HttpError.hpp"
#include "common/http/RequestGuard.hpp"

namespace mmo::http {
namespace {

namespace beasthttp = boost::beast::http;

Request request(beasthttp::verb method, std::map<std::string, std::string> headers) {
    Request r{method, "/api/auth/login", 11};
    for (const auto& [name, value] : headers) r.insert(name, value);
    return r;
}

RequestGuardSettings settings(bool checkHost) {
    RequestGuardSettings s;
    s.allowedOrigins = {"https://Admin.Example.com"};
    s.originsKey = "server.http_allowed_origins";
    s.checkHost = checkHost;
    s.allowedHosts = {"node1.example.net"};
    s.hostsKey = "server.http_allowed_hosts";
    s.hostCheckReason = "the default password is in use";
    return s;
}

// The refusal's status and code, or 0 and "" when the request passes.
std::pair<unsigned, std::string> verdict(const RequestGuard& guard, const Request& r) {
    try {
        guard.check(r);
        return {0, ""};
    } catch (const HttpError& error) {
        return {static_cast<unsigned>(error.status()), error.code()};
    }
}

const std::map<std::string, std::string> kJson{{"Content-Type", "application/json"}};

TEST(RequestGuard, OriginMustBeListedWhenPresent) {
    const RequestGuard guard(settings(false));
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {})).first, 0u);
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {{"Origin", "https://admin.example.com"}})).first,
              0u);
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {{"Origin", "http://evil.example"}})),
              std::make_pair(403u, std::string("origin_not_allowed")));
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {{"Origin", "null"}})).second,
              "origin_not_allowed");
    // The default: no origin at all.
    const RequestGuard none(RequestGuardSettings{});
    EXPECT_EQ(verdict(none, request(beasthttp::verb::get, {{"Origin", "http://localhost:8088"}})).second,
              "origin_not_allowed");
}

TEST(RequestGuard, HostIsCheckedOnlyWhenAsked) {
    const RequestGuard open(settings(false));
    EXPECT_EQ(verdict(open, request(beasthttp::verb::get, {{"Host", "rebound.evil.example:8088"}})).first,
              0u);
    const RequestGuard guard(settings(true));
    for (const std::string host : {"localhost:8088", "LOCALHOST", "127.0.0.1:8088", "[::1]:8088", "10.1.2.3",
                                   "node1.example.net:8088", "Node1.Example.Net."})
        EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {{"Host", host}})).first, 0u) << host;
    for (const std::string host : {"rebound.evil.example:8088", "x", "localhost.evil.example", "", "a:b:c"})
        EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {{"Host", host}})),
                  std::make_pair(403u, std::string("host_not_allowed")))
            << host;
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {})).first, 0u);  // HTTP/1.0 without Host
}

TEST(RequestGuard, RepeatedHostOrOriginIsABadRequest) {
    const RequestGuard guard(settings(true));
    Request r = request(beasthttp::verb::get, {{"Host", "localhost"}});
    r.insert(beasthttp::field::host, "evil.example");
    EXPECT_EQ(verdict(guard, r), std::make_pair(400u, std::string("bad_request")));
}

TEST(RequestGuard, BodiesMustBeJson) {
    const RequestGuard guard(settings(false));
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::post, kJson)).first, 0u);
    EXPECT_EQ(
        verdict(guard, request(beasthttp::verb::post, {{"Content-Type", "Application/JSON; charset=utf-8"}}))
            .first,
        0u);
    for (const std::string type :
         {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx", ""})
        EXPECT_EQ(verdict(guard, request(beasthttp::verb::post, {{"Content-Type", type}})),
                  std::make_pair(415u, std::string("unsupported_media_type")))
            << type;
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::post, {})).first, 415u);
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::put, {{"Content-Type", "text/plain"}})).first, 415u);
    EXPECT_EQ(verdict(guard, request(beasthttp::verb::get, {{"Content-Type", "text/plain"}})).first, 0u);
}

TEST(RequestGuard, RefusalsNameTheKeyToChange) {
    const RequestGuard guard(settings(true));
    try {
        guard.check(request(beasthttp::verb::get, {{"Host", "rebound.evil.example"}}));
        FAIL();
    } catch (const HttpError& error) {
        EXPECT_NE(std::string(error.what()).find("server.http_allowed_hosts"), std::string::npos)
            << error.what();
        EXPECT_NE(std::string(error.what()).find("rebound.evil.example"), std::string::npos) << error.what();
    }
    try {
        guard.check(request(beasthttp::verb::get, {{"Origin", "http://evil.example"}}));
        FAIL();
    } catch (const HttpError& error) {
        EXPECT_NE(std::string(error.what()).find("server.http_allowed_origins"), std::string::npos)
            << error.what();
    }
}

TEST(RequestGuard, HostOfHostHeaderAndCommaLists) {
    EXPECT_EQ(hostOfHostHeader("Example.COM:8088"), "example.com");
    EXPECT_EQ(hostOfHostHeader("[::1]:80"), "::1");
    EXPECT_EQ(hostOfHostHeader("example.com."), "example.com");
    EXPECT_EQ(hostOfHostHeader("[::1"), "");
    EXPECT_EQ(splitCommaList(" a.example , ,b.example,"),
              (std::vector<std::string>{"a.example", "b.example"}));
    EXPECT_TRUE(splitCommaList("").empty());
}

}  // namespace
}  // namespace mmo::http
