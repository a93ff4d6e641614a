#pragma once

#include <spdlog/logger.h>

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/http/HttpTypes.hpp"

namespace mmo::http {

class HttpSession;

// Accepts connections on an already bound and listening acceptor (see net::openTcpAcceptor) and runs one
// HttpSession per connection, each on its own strand. Binding is kept out of here so that the node binds
// every port before serving any.
class HttpServer {
  public:
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

  private:
    void accept();
    void onAccept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);
    std::size_t liveSessions();

    std::string name_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    RequestDispatcher dispatcher_;
    HttpLimits limits_;
    std::shared_ptr<spdlog::logger> logger_;
    std::mutex mutex_;  // guards sessions_ and stopped_ (sessions run on their own strands)
    std::vector<std::weak_ptr<HttpSession>> sessions_;
    bool stopped_ = false;
};

}  // namespace mmo::http
