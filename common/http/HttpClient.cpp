#include "common/http/HttpClient.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <optional>

namespace mmo::http_client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lowerCase(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string describe(const beast::error_code& ec) {
    if (ec == beast::error::timeout) return "timed out";
    return ec.message();
}

// Runs io until the operation sets its result; the stream's deadline bounds every step.
void runUntil(asio::io_context& io, const bool& done) {
    io.restart();
    while (!done && io.run_one() > 0) {
    }
}

class Exchange {
  public:
    Exchange(const std::string& host, std::uint16_t port, const HttpRequestOptions& options)
        : host_(host), port_(port), options_(options), stream_(io_) {}

    HttpResponse run(http::request<http::string_body>& request) {
        stream_.expires_after(options_.timeout);
        connect();
        write(request);
        return read();
    }

  private:
    [[noreturn]] void fail(const std::string& step, const beast::error_code& ec) const {
        throw HttpClientError("http://" + host_ + ":" + std::to_string(port_) + ": " + step +
                              " failed: " + describe(ec));
    }

    void connect() {
        tcp::resolver resolver(io_);
        beast::error_code ec;
        const auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
        if (ec) fail("resolve", ec);
        bool done = false;
        stream_.async_connect(endpoints, [&](const beast::error_code& e, const tcp::endpoint&) {
            ec = e;
            done = true;
        });
        runUntil(io_, done);
        if (ec) fail("connect", ec);
    }

    void write(http::request<http::string_body>& request) {
        beast::error_code ec;
        bool done = false;
        http::async_write(stream_, request, [&](const beast::error_code& e, std::size_t) {
            ec = e;
            done = true;
        });
        runUntil(io_, done);
        if (ec) fail("write request", ec);
    }

    HttpResponse read() {
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(options_.maxResponseBytes);
        parser.header_limit(64 * 1024);
        beast::error_code ec;
        bool done = false;
        http::async_read(stream_, buffer, parser, [&](const beast::error_code& e, std::size_t) {
            ec = e;
            done = true;
        });
        runUntil(io_, done);
        if (ec == http::error::body_limit)
            throw HttpClientError("http://" + host_ + ":" + std::to_string(port_) +
                                  ": response body exceeds the limit of " +
                                  std::to_string(options_.maxResponseBytes) + " bytes");
        if (ec) fail("read response", ec);
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);

        auto message = parser.release();
        HttpResponse response;
        response.status = static_cast<int>(message.result_int());
        for (const auto& field : message)
            response.headers[lowerCase(std::string(field.name_string()))] = std::string(field.value());
        response.body = std::move(message.body());
        return response;
    }

    std::string host_;
    std::uint16_t port_;
    const HttpRequestOptions& options_;
    asio::io_context io_;
    beast::tcp_stream stream_;
};

HttpResponse exchange(const std::string& host, std::uint16_t port, http::verb method,
                      const std::string& target, const std::optional<std::string>& body,
                      const HttpRequestOptions& options) {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, host + ":" + std::to_string(port));
    request.set(http::field::user_agent, "mmoctl");
    request.set(http::field::connection, "close");
    bool hasContentType = false;
    for (const auto& [name, value] : options.headers) {
        request.set(name, value);
        if (lowerCase(name) == "content-type") hasContentType = true;
    }
    if (body) {
        if (!hasContentType) request.set(http::field::content_type, "application/json");
        request.body() = *body;
    }
    request.prepare_payload();
    return Exchange(host, port, options).run(request);
}

}  // namespace

HttpResponse get(const std::string& host, std::uint16_t port, const std::string& target,
                 const HttpRequestOptions& options) {
    return exchange(host, port, http::verb::get, target, std::nullopt, options);
}

HttpResponse post(const std::string& host, std::uint16_t port, const std::string& target,
                  const std::string& body, const HttpRequestOptions& options) {
    return exchange(host, port, http::verb::post, target, body, options);
}

}  // namespace mmo::http_client
