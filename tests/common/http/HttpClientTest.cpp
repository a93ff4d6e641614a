// The blocking HTTP client against a tiny in-test server on port 0.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include "common/http/HttpClient.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using mmo::http_client::HttpClientError;
using mmo::http_client::HttpRequestOptions;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Accepts one connection, reads one request, hands it to `handle`, which writes (or does not) an answer.
class OneShotServer {
  public:
    explicit OneShotServer(std::function<void(tcp::socket&, const Request&)> handle)
        : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this, handle = std::move(handle)] {
            beast::error_code ec;
            tcp::socket socket(io_);
            acceptor_.accept(socket, ec);
            if (ec) return;
            beast::flat_buffer buffer;
            Request request;
            http::read(socket, buffer, request, ec);
            if (ec) return;
            received_.set_value(request);
            handle(socket, request);
        });
    }
    ~OneShotServer() {
        beast::error_code ec;
        acceptor_.close(ec);
        thread_.join();
    }
    std::uint16_t port() const { return port_; }
    Request received() { return received_.get_future().get(); }

  private:
    asio::io_context io_;
    tcp::acceptor acceptor_;
    std::uint16_t port_ = 0;
    std::promise<Request> received_;
    std::thread thread_;
};

void reply(tcp::socket& socket, http::status status, const std::string& body) {
    Response response{status, 11};
    response.set(http::field::content_type, "application/json");
    response.set("X-Custom", "yes");
    response.body() = body;
    response.prepare_payload();
    beast::error_code ignored;  // the client may have given up already
    http::write(socket, response, ignored);
}

// A GET returns the status, lower-cased headers and the body.
TEST(HttpClientTest, GetReturnsStatusHeadersAndBody) {
    OneShotServer server(
        [](tcp::socket& s, const Request&) { reply(s, http::status::ok, R"({"ok":true})"); });
    const auto response = mmo::http_client::get("127.0.0.1", server.port(), "/api/status?x=1");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"ok":true})");
    EXPECT_EQ(response.headers.at("x-custom"), "yes");
    const auto request = server.received();
    EXPECT_EQ(request.method(), http::verb::get);
    EXPECT_EQ(request.target(), "/api/status?x=1");
}

// A POST sends the body as JSON and the extra headers.
TEST(HttpClientTest, PostSendsBodyAndHeaders) {
    OneShotServer server([](tcp::socket& s, const Request&) { reply(s, http::status::accepted, "{}"); });
    HttpRequestOptions options;
    options.headers["Authorization"] = "Bearer abc";
    const auto response =
        mmo::http_client::post("127.0.0.1", server.port(), "/api/admin/events/send", R"({"a":1})", options);
    EXPECT_EQ(response.status, 202);
    const auto request = server.received();
    EXPECT_EQ(request.method(), http::verb::post);
    EXPECT_EQ(request.body(), R"({"a":1})");
    EXPECT_EQ(request[http::field::content_type], "application/json");
    EXPECT_EQ(request[http::field::authorization], "Bearer abc");
}

// Error statuses are responses, not exceptions.
TEST(HttpClientTest, ErrorStatusIsAResponse) {
    OneShotServer server([](tcp::socket& s, const Request&) {
        reply(s, http::status::unauthorized, R"({"error":{"code":"unauthorized","message":"no"}})");
    });
    EXPECT_EQ(mmo::http_client::get("127.0.0.1", server.port(), "/").status, 401);
}

// A refused connection throws naming host:port and the step.
TEST(HttpClientTest, RefusedConnectionNamesHostAndPort) {
    std::uint16_t port = 0;
    {
        asio::io_context io;
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        port = acceptor.local_endpoint().port();
    }
    try {
        mmo::http_client::get("127.0.0.1", port, "/");
        FAIL() << "expected HttpClientError";
    } catch (const HttpClientError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << what;
        EXPECT_NE(what.find("connect"), std::string::npos) << what;
    }
}

// A server that never answers hits the deadline, which covers connect, write and read together.
TEST(HttpClientTest, SilentServerTimesOut) {
    std::promise<void> release;
    auto released = release.get_future().share();
    OneShotServer server([released](tcp::socket&, const Request&) { released.wait(); });
    struct Release {
        std::promise<void>& p;
        ~Release() { p.set_value(); }  // before the server joins its thread, whatever the outcome
    } releaseOnExit{release};
    HttpRequestOptions options;
    options.timeout = std::chrono::milliseconds(200);
    const auto start = std::chrono::steady_clock::now();
    try {
        mmo::http_client::get("127.0.0.1", server.port(), "/", options);
        FAIL() << "expected HttpClientError";
    } catch (const HttpClientError& e) {
        EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

// A response larger than the limit is refused.
TEST(HttpClientTest, BodyLimitIsEnforced) {
    OneShotServer server(
        [](tcp::socket& s, const Request&) { reply(s, http::status::ok, std::string(10000, 'x')); });
    HttpRequestOptions options;
    options.maxResponseBytes = 1000;
    try {
        mmo::http_client::get("127.0.0.1", server.port(), "/metrics", options);
        FAIL() << "expected HttpClientError";
    } catch (const HttpClientError& e) {
        EXPECT_NE(std::string(e.what()).find("limit"), std::string::npos) << e.what();
    }
}

}  // namespace
