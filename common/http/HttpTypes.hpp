#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

// The message types and limits every part of the node's HTTP stack shares.
namespace mmo::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// What the connection knows about a request beyond its bytes: who sent it. Filled by HttpSession.
struct RequestContext {
    boost::asio::ip::address remote;  // the peer's address (unspecified when the socket had none)

    // True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z).
    bool remoteIsLoopback() const;
};

// Called once with the response to a request; may be called later (asynchronous handlers) and from any
// thread: the session moves it back onto its own strand.
using Respond = std::function<void(Response)>;

// Takes a request and its context and eventually calls respond exactly once.
using RequestDispatcher = std::function<void(Request&&, const RequestContext&, Respond)>;

// Per-connection limits; a request over a limit gets a 4xx and the connection is closed.
struct HttpLimits {
    std::size_t headerLimit = 8 * 1024;   // request line and headers (431 beyond)
    std::size_t bodyLimit = 1024 * 1024;  // request body (413 beyond)
    // A whole request, header to body, and the idle time before it (after accept or the last answer).
    std::chrono::milliseconds readTimeout{std::chrono::seconds(10)};
    std::chrono::milliseconds writeTimeout{std::chrono::seconds(30)};  // a whole response
    std::size_t maxConnections = 1024;          // further connections are closed at accept
    std::size_t maxConnectionsPerAddress = 32;  // from one client address; further ones closed at accept
    std::string limitsHint;  // appended to the log line of a refused connection: where the limits are set
};

}  // namespace mmo::http
