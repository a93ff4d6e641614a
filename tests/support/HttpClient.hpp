#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

// A tiny blocking HTTP/1.1 client over a raw socket: exactly what the tests send is what goes on the wire.
namespace mmo::test {

struct HttpResult {
    int status = 0;                              // 0 when no status line was received
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string raw;  // everything received
};

// Sends `request` verbatim to 127.0.0.1:port, reads until the server closes or `timeout` passes, parses.
HttpResult rawHttpExchange(std::uint16_t port, const std::string& request,
                           std::chrono::milliseconds timeout = std::chrono::seconds(5));

struct RawSendOptions {
    std::chrono::milliseconds timeout{std::chrono::seconds(5)};
    // Between two pieces (TCP_NODELAY is set), so that they reach the server as separate segments and,
    // most of the time, separate reads: this shapes the stream, it waits for nothing.
    std::chrono::milliseconds pauseBetweenPieces{std::chrono::milliseconds(20)};
    bool halfCloseAfterSending = false;  // shutdown(SHUT_WR) after the last piece: the server sees EOF
};

// Sends each piece verbatim, in order, then reads until the server closes or the timeout passes.
HttpResult rawHttpExchangeInPieces(std::uint16_t port, const std::vector<std::string>& pieces,
                                   const RawSendOptions& options = {});

// GET path with "Connection: close".
HttpResult httpGet(std::uint16_t port, const std::string& path);

// Extra request headers, e.g. {{"Authorization", "Bearer ..."}}.
using HttpHeaders = std::map<std::string, std::string>;

// Any method with "Connection: close", Content-Length and the body (when not empty or when the method
// is POST, PUT or PATCH); Content-Type defaults to application/json when a body is sent.
HttpResult httpRequest(const std::string& method, std::uint16_t port, const std::string& path,
                       const std::string& body = {}, const HttpHeaders& headers = {});

// POST path with `body` (application/json unless `headers` say otherwise).
HttpResult httpPost(std::uint16_t port, const std::string& path, const std::string& body,
                    const HttpHeaders& headers = {});

// Parses a response (status line, headers, body as the rest).
HttpResult parseHttpResponse(const std::string& raw);

}  // namespace mmo::test
