#include "node/game/GameUdpEndpoint.hpp"

#include <boost/asio/buffer.hpp>

namespace mmo::game {

namespace asio = boost::asio;

GameUdpEndpoint::GameUdpEndpoint(asio::ip::udp::socket&& socket, std::shared_ptr<spdlog::logger> logger,
                                 DatagramHandler handler)
    : socket_(std::move(socket)),
      endpoint_(socket_.local_endpoint()),
      logger_(std::move(logger)),
      handler_(std::move(handler)) {}

void GameUdpEndpoint::start() {
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        boost::system::error_code ignored;
        socket_.non_blocking(true, ignored);
    }
    receive();
}

void GameUdpEndpoint::sendTo(std::span<const std::byte> datagram, const asio::ip::udp::endpoint& to) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    boost::system::error_code error;  // would_block, or ICMP unreachable from an earlier send: dropped
    socket_.send_to(asio::buffer(datagram.data(), datagram.size()), to, 0, error);
}

void GameUdpEndpoint::stop() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
}

void GameUdpEndpoint::receive() {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    socket_.async_receive_from(asio::buffer(buffer_), sender_,
                               [this](boost::system::error_code error, std::size_t size) {
                                   if (error == asio::error::operation_aborted) return;  // stop()
                                   if (error) {
                                       // ICMP errors from earlier sends surface here on Linux (connection
                                       // refused); they are not fatal.
                                       logger_->debug("Game UDP: receive failed: {}", error.message());
                                   } else if (handler_) {
                                       handler_(std::span<const std::byte>(buffer_.data(), size), sender_);
                                   }
                                   receive();
                               });
}

}  // namespace mmo::game
