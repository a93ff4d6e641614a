#pragma once

#include <spdlog/logger.h>

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/http/ConnectionSlots.hpp"
#include "common/http/HttpTypes.hpp"
#include "common/net/AcceptLoop.hpp"
#include "common/net/ReportThrottle.hpp"

namespace mmo::http {

class HttpSession;

// Accepts connections on an already bound and listening acceptor (see net::openTcpAcceptor) and runs one
// HttpSession per connection, each on its own strand. Binding is kept out of here so that the node binds
// every port before serving any. A connection beyond limits.maxConnections, or beyond
// limits.maxConnectionsPerAddress from its client address, is closed at accept (logged at most every
// kRefusalReportInterval); a failed accept pauses the loop (net::AcceptLoop).
class HttpServer {
  public:
    static constexpr std::chrono::seconds kRefusalReportInterval{10};

    HttpServer(std::string name, boost::asio::ip::tcp::acceptor&& acceptor, RequestDispatcher dispatcher,
               HttpLimits limits, std::shared_ptr<spdlog::logger> logger);
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // The bound address and port (the real port when 0 was asked for).
    boost::asio::ip::tcp::endpoint localEndpoint() const;

    // Starts accepting connections.
    void start();

    // Stops accepting and closes every open session (idle ones at once, busy ones after their response).
    void stop();

    // Connections open now (sessions not yet ended).
    std::size_t openConnections() const { return slots_.open(); }

  private:
    void onConnection(boost::asio::ip::tcp::socket socket);
    void refuse(boost::asio::ip::tcp::socket& socket, const boost::asio::ip::address& address,
                ConnectionSlots::Refusal why);

    std::string name_;
    RequestDispatcher dispatcher_;
    HttpLimits limits_;
    std::shared_ptr<spdlog::logger> logger_;
    ConnectionSlots slots_;
    net::ReportThrottle refusalReports_{kRefusalReportInterval};
    std::mutex mutex_;  // guards sessions_ and stopped_ (sessions run on their own strands)
    std::vector<std::weak_ptr<HttpSession>> sessions_;
    bool stopped_ = false;
    net::AcceptLoop loop_;  // last: its handler uses the members above
};

}  // namespace mmo::http
