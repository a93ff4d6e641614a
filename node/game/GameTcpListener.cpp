#include "node/game/GameTcpListener.hpp"

namespace mmo::game {

namespace asio = boost::asio;

GameTcpListener::GameTcpListener(asio::ip::tcp::acceptor&& acceptor, std::shared_ptr<spdlog::logger> logger,
                                 ConnectionHandler handler)
    : logger_(logger),
      handler_(std::move(handler)),
      loop_("Game server", std::move(acceptor), std::move(logger),
            [this](asio::ip::tcp::socket socket) { onConnection(std::move(socket)); }) {}

void GameTcpListener::start() {
    loop_.start();
}

void GameTcpListener::stop() {
    loop_.stop();
}

void GameTcpListener::closeConnection(asio::ip::tcp::socket socket) {
    boost::system::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

void GameTcpListener::onConnection(asio::ip::tcp::socket socket) {
    boost::system::error_code error;
    const auto remote = socket.remote_endpoint(error);
    if (!error)
        logger_->debug("Game server: connection from {}:{}", remote.address().to_string(), remote.port());
    handler_(std::move(socket));
}

}  // namespace mmo::game
