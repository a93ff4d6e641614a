#include "node/game/GameTcpListener.hpp"

#include <boost/asio/strand.hpp>

namespace mmo::game {

namespace asio = boost::asio;

GameTcpListener::GameTcpListener(asio::ip::tcp::acceptor&& acceptor, std::shared_ptr<spdlog::logger> logger,
                                 ConnectionHandler handler)
    : acceptor_(std::move(acceptor)),
      endpoint_(acceptor_.local_endpoint()),
      logger_(std::move(logger)),
      handler_(std::move(handler)) {}

void GameTcpListener::start() {
    accept();
}

void GameTcpListener::stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

void GameTcpListener::closeConnection(asio::ip::tcp::socket socket) {
    boost::system::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

void GameTcpListener::accept() {
    acceptor_.async_accept(asio::make_strand(acceptor_.get_executor()),
                           [this](boost::system::error_code error, asio::ip::tcp::socket socket) {
                               if (error == asio::error::operation_aborted) return;  // stop()
                               if (error) {
                                   logger_->warn("Game server: accept failed: {}", error.message());
                               } else {
                                   logger_->debug("Game server: connection from {}:{}",
                                                  socket.remote_endpoint(error).address().to_string(),
                                                  socket.remote_endpoint(error).port());
                                   handler_(std::move(socket));
                               }
                               accept();
                           });
}

}  // namespace mmo::game
