#pragma once

#include <spdlog/logger.h>

#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>

#include "common/net/AcceptLoop.hpp"

namespace mmo::game {

// Accepts game client connections on an already bound acceptor and hands each socket to the connection
// handler (GameServer::accept in the node). A failed accept (no file descriptor left) pauses the loop
// instead of spinning (net::AcceptLoop). The default handler closes the connection at once.
class GameTcpListener {
  public:
    // Takes ownership of a connected socket (running on its own strand).
    using ConnectionHandler = std::function<void(boost::asio::ip::tcp::socket socket)>;

    GameTcpListener(boost::asio::ip::tcp::acceptor&& acceptor, std::shared_ptr<spdlog::logger> logger,
                    ConnectionHandler handler = closeConnection);

    GameTcpListener(const GameTcpListener&) = delete;
    GameTcpListener& operator=(const GameTcpListener&) = delete;

    // The bound address and port.
    boost::asio::ip::tcp::endpoint localEndpoint() const { return loop_.localEndpoint(); }

    // Starts accepting.
    void start();

    // Stops accepting; connections already handed over belong to the handler.
    void stop();

    // The placeholder handler: closes the connection.
    static void closeConnection(boost::asio::ip::tcp::socket socket);

  private:
    void onConnection(boost::asio::ip::tcp::socket socket);

    std::shared_ptr<spdlog::logger> logger_;
    ConnectionHandler handler_;
    net::AcceptLoop loop_;
};

}  // namespace mmo::game
