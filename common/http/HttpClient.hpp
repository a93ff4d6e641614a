#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

// A small blocking HTTP/1.1 client (Boost.Beast) for mmoctl and tools: one request per connection,
// bounded by a timeout and a response size limit. Not for the node's hot paths.
namespace mmo::http_client {

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
};

// The request could not be completed (connection refused, timeout, malformed response); what() says
// which, with host:port.
class HttpClientError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct HttpRequestOptions {
    std::chrono::milliseconds timeout{5000};
    std::size_t maxResponseBytes = 16u << 20;
    std::map<std::string, std::string> headers;  // e.g. {"Authorization", "Bearer ..."}
};

// GET http://host:port<target>. Throws HttpClientError.
HttpResponse get(const std::string& host, std::uint16_t port, const std::string& target,
                 const HttpRequestOptions& options = {});

// POST with a body (Content-Type application/json unless given in options.headers). Throws HttpClientError.
HttpResponse post(const std::string& host, std::uint16_t port, const std::string& target, const std::string& body,
                  const HttpRequestOptions& options = {});

}  // namespace mmo::http_client
