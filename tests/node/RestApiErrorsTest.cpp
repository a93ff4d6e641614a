// Every error of the REST API against a real node: status and error.code of each.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/node/RestApiFixture.hpp"

namespace mmo::test {
namespace {

class RestApiErrors : public RestApiTest {
  protected:
    void SetUp() override {
        RestApiTest::SetUp();
        node_ = &startNode("eu-west-1");
        token_ = login(*node_);
    }
    HttpResult send(const std::string& body) { return sendEvent(*node_, token_, body); }

    NodeProcess* node_ = nullptr;
    std::string token_;
};

// A non-loopback IPv4 address of this host, if it has one.
std::optional<std::string> externalAddress() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return std::nullopt;
    std::optional<std::string> found;
    for (auto* it = list; it != nullptr && !found; it = it->ifa_next) {
        if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
        const auto* address = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
        if ((ntohl(address->sin_addr.s_addr) >> 24) == 127) continue;
        char text[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &address->sin_addr, text, sizeof text);
        found = text;
    }
    ::freeifaddrs(list);
    return found;
}

// Sends `request` to host:port and returns the parsed response.
HttpResult exchangeWith(const std::string& host, std::uint16_t port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    std::string received;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        char buffer[4096];
        for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;)
            received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return parseHttpResponse(received);
}

// Bad JSON is 400 bad_json.
TEST_F(RestApiErrors, BadJson) {
    const auto result = send("{not json");
    EXPECT_EQ(result.status, 400) << result.raw;
    EXPECT_EQ(errorCode(result), "bad_json");
}

// A missing field is 400 missing_field naming it.
TEST_F(RestApiErrors, MissingField) {
    const auto result = send(R"({"event_type":"BlockEvent","data":{"x":1,"block_type":"stone"}})");
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(errorCode(result), "missing_field");
    EXPECT_NE(result.body.find("data.y"), std::string::npos) << result.body;
    const auto login = httpPost(node_->ports().rest, "/api/auth/login", R"({"username":"admin"})");
    EXPECT_EQ(login.status, 400);
    EXPECT_EQ(errorCode(login), "missing_field");
    EXPECT_NE(login.body.find("password"), std::string::npos) << login.body;
}

// An unknown event type is 400 listing the valid ones.
TEST_F(RestApiErrors, UnknownEventType) {
    const auto result = send(R"({"event_type":"TeleportEvent","data":{}})");
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(errorCode(result), "unknown_event_type");
    EXPECT_NE(result.body.find("BlockEvent, FillEvent, ChatEvent"), std::string::npos) << result.body;
}

// An unknown block type is 400 listing the valid names.
TEST_F(RestApiErrors, UnknownBlockType) {
    const auto result = send(R"({"event_type":"BlockEvent","data":{"x":1,"y":2,"block_type":"stne"}})");
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(errorCode(result), "unknown_block_type");
    EXPECT_NE(result.body.find(R"(unknown block type \"stne\"; valid: air, stone)"), std::string::npos)
        << result.body;
}

// A coordinate out of int32 range is 400 invalid_field saying the range.
TEST_F(RestApiErrors, CoordinateOutOfRange) {
    const auto result =
        send(R"({"event_type":"BlockEvent","data":{"x":2147483648,"y":2,"block_type":"stone"}})");
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(errorCode(result), "invalid_field");
    EXPECT_NE(result.body.find("data.x: expected an integer from -2147483648 to 2147483647"),
              std::string::npos)
        << result.body;
}

// A FillEvent over the cell limit is 400 area_too_large, and nothing was written.
TEST_F(RestApiErrors, FillEventTooLarge) {
    const auto result =
        send(R"({"event_type":"FillEvent","data":{"x1":0,"y1":0,"x2":100,"y2":99,"block_type":"stone"}})");
    EXPECT_EQ(result.status, 400);
    EXPECT_EQ(errorCode(result), "area_too_large");
    EXPECT_NE(result.body.find("10000"), std::string::npos) << result.body;
    EXPECT_NE(result.body.find("101 x 100"), std::string::npos) << result.body;
    EXPECT_EQ(json(httpGet(node_->ports().rest, "/api/world/digest")).at("blocks").to_number<int>(), 0);
}

// No token is 401 unauthenticated.
TEST_F(RestApiErrors, NoToken) {
    const auto result = httpPost(node_->ports().rest, "/api/admin/events/send",
                                 R"({"event_type":"ChatEvent","data":{"text":"hi"}})");
    EXPECT_EQ(result.status, 401);
    EXPECT_EQ(errorCode(result), "unauthenticated");
}

// A tampered token is 401 unauthenticated.
TEST_F(RestApiErrors, BadToken) {
    auto bad = token_;
    bad.back() = bad.back() == 'A' ? 'B' : 'A';
    const auto result = sendEvent(*node_, bad, R"({"event_type":"ChatEvent","data":{"text":"hi"}})");
    EXPECT_EQ(result.status, 401);
    EXPECT_EQ(errorCode(result), "unauthenticated");
}

// A wrong password is 401; repeated failures from one address are 429 with Retry-After.
TEST_F(RestApiErrors, WrongPasswordThenThrottled) {
    const auto wrong = R"({"username":"admin","password":"nope"})";
    // rest-api.md: 5 failures lock the address out; the 6th login is 429 even with the right password.
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const auto failed = httpPost(node_->ports().rest, "/api/auth/login", wrong);
        EXPECT_EQ(failed.status, 401) << "attempt " << attempt << ": " << failed.raw;
        EXPECT_EQ(errorCode(failed), "invalid_credentials");
    }
    const auto result = httpPost(node_->ports().rest, "/api/auth/login", kAdminLogin);
    EXPECT_EQ(result.status, 429) << result.raw;
    EXPECT_EQ(errorCode(result), "too_many_attempts");
    ASSERT_TRUE(result.headers.count("retry-after")) << result.raw;
    EXPECT_GT(std::stoi(result.headers.at("retry-after")), 0);
}

// The default password from a non-loopback client is 403 default_password_remote.
TEST_F(RestApiErrors, DefaultPasswordFromRemoteIsForbidden) {
    const auto host = externalAddress();
    if (!host) GTEST_SKIP() << "this host has no non-loopback IPv4 address";
    const std::string body = kAdminLogin;
    const auto result = exchangeWith(*host, node_->ports().rest,
                                     "POST /api/auth/login HTTP/1.1\r\nHost: " + *host +
                                         "\r\nConnection: close\r\n"
                                         "Content-Type: application/json\r\nContent-Length: " +
                                         std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(result.status, 403) << result.raw;
    EXPECT_EQ(errorCode(result), "default_password_remote");
}

// A body over 1 MiB is 413 payload_too_large.
TEST_F(RestApiErrors, BodyOverLimit) {
    const auto result = sendEvent(*node_, token_, std::string(1024 * 1024 + 1, ' '));
    EXPECT_EQ(result.status, 413);
    EXPECT_EQ(errorCode(result), "payload_too_large");
}

// A wrong method is 405 with Allow; an unknown path 404.
TEST_F(RestApiErrors, WrongMethodAndUnknownPath) {
    const auto wrong = httpGet(node_->ports().rest, "/api/admin/events/send");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(errorCode(wrong), "method_not_allowed");
    EXPECT_EQ(wrong.headers.at("allow"), "POST");
    const auto missing = httpGet(node_->ports().rest, "/api/nope");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(errorCode(missing), "not_found");
}

// Bad query parameters of /api/world/block are 400 naming the parameter.
TEST_F(RestApiErrors, BadBlockQuery) {
    const auto missing = httpGet(node_->ports().rest, "/api/world/block?x=1");
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(errorCode(missing), "missing_parameter");
    EXPECT_NE(missing.body.find("query parameter y"), std::string::npos) << missing.body;
    const auto invalid = httpGet(node_->ports().rest, "/api/world/block?x=1.5&y=2");
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(errorCode(invalid), "invalid_parameter");
    // An empty value is missing, as rest-api.md says (issue 17 item 14).
    const auto empty = httpGet(node_->ports().rest, "/api/world/block?x=1&y=");
    EXPECT_EQ(empty.status, 400);
    EXPECT_EQ(errorCode(empty), "missing_parameter");
    EXPECT_NE(empty.body.find("query parameter y is required (an integer)"), std::string::npos) << empty.body;
}

// A ChatEvent's answer as rest-api.md gives it: event ids <region>-chat-1, -2, ... whatever ?wait says,
// which is still checked (issue 17 item 14).
TEST_F(RestApiErrors, ChatEventAnswer) {
    const auto chat = R"({"event_type":"ChatEvent","data":{"text":"hi"}})";
    const auto first = send(chat);
    ASSERT_EQ(first.status, 202) << first.raw;
    EXPECT_EQ(boost::json::serialize(json(first)),
              R"({"event_id":"eu-west-1-chat-1","event_type":"ChatEvent","hlc":0,"hlc_str":"0",)"
              R"("changes":0,"status":"accepted"})");
    const auto published = sendEvent(*node_, token_, chat, "?wait=published");
    ASSERT_EQ(published.status, 202) << published.raw;
    EXPECT_EQ(json(published).at("event_id").as_string(), "eu-west-1-chat-2");
    EXPECT_EQ(json(published).at("status").as_string(), "accepted");
    const auto badWait = sendEvent(*node_, token_, chat, "?wait=soon");
    EXPECT_EQ(badWait.status, 400);
    EXPECT_EQ(errorCode(badWait), "invalid_parameter");
}

// A ChatEvent is accepted with no world change and logged.
TEST_F(RestApiErrors, ChatEventIsLogged) {
    const auto result = send(R"({"event_type":"ChatEvent","data":{"text":"hello all"}})");
    EXPECT_EQ(result.status, 202) << result.raw;
    EXPECT_EQ(json(result).at("changes").to_number<int>(), 0);
    EXPECT_TRUE(
        waitUntil([&] { return node_->log().find("Chat from admin: hello all") != std::string::npos; }, 5s));
    const auto tooLong =
        send(R"({"event_type":"ChatEvent","data":{"text":")" + std::string(501, 'a') + "\"}}");
    EXPECT_EQ(tooLong.status, 400);
    EXPECT_EQ(errorCode(tooLong), "invalid_field");
}

// A chat text with a line break and a terminal escape cannot forge a log line: the node logs it escaped.
TEST_F(RestApiErrors, ChatTextCannotForgeALogLine) {
    const auto result = send(
        R"({"event_type":"ChatEvent","data":{"text":"hi\n2026-01-01T00:00:00.000Z [ERROR] forged\u001b[2J"}})");
    ASSERT_EQ(result.status, 202) << result.raw;
    const std::string logged = R"(Chat from admin: hi\n2026-01-01T00:00:00.000Z [ERROR] forged\x1b[2J)";
    EXPECT_TRUE(waitUntil([&] { return node_->log().find(logged) != std::string::npos; }, 5s))
        << node_->log();
    EXPECT_EQ(node_->log().find("\n2026-01-01T00:00:00.000Z [ERROR] forged"), std::string::npos);
    EXPECT_EQ(node_->log().find('\x1b'), std::string::npos);
    EXPECT_EQ(httpGet(node_->ports().rest, "/healthz").status, 200);
}

}  // namespace
}  // namespace mmo::test
