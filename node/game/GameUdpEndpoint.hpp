#pragma once

#include <spdlog/logger.h>

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <span>

namespace mmo::game {

// The game's UDP socket, already bound. Reads datagrams one at a time (one receive in flight, so the
// handler never runs twice at once) and hands each to the datagram handler (GameServer::onDatagram).
//
// Threading: the io_context may run on several threads. sendTo() and stop() may be called from any thread:
// the socket's open/closed state and its sends are guarded by a mutex, so the position tick can send while
// a datagram is being handled on another thread.
class GameUdpEndpoint {
  public:
    // Largest datagram read; anything longer is truncated by the OS and dropped by the protocol.
    static constexpr std::size_t kMaxDatagram = 2048;

    using DatagramHandler =
        std::function<void(std::span<const std::byte> datagram, const boost::asio::ip::udp::endpoint& from)>;

    GameUdpEndpoint(boost::asio::ip::udp::socket&& socket, std::shared_ptr<spdlog::logger> logger,
                    DatagramHandler handler = nullptr);

    GameUdpEndpoint(const GameUdpEndpoint&) = delete;
    GameUdpEndpoint& operator=(const GameUdpEndpoint&) = delete;

    // The bound address and port.
    boost::asio::ip::udp::endpoint localEndpoint() const { return endpoint_; }

    // Starts reading datagrams.
    void start();

    // Closes the socket; the pending read ends.
    void stop();

    // Sends one datagram now without blocking (the socket is non-blocking); a datagram the kernel cannot
    // take at once is dropped, like any UDP loss. Any thread.
    void sendTo(std::span<const std::byte> datagram, const boost::asio::ip::udp::endpoint& to);

  private:
    void receive();

    std::mutex mutex_;  // socket_'s use against stop(); closed_
    bool closed_ = false;
    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint endpoint_;
    boost::asio::ip::udp::endpoint sender_;
    std::array<std::byte, kMaxDatagram> buffer_{};
    std::shared_ptr<spdlog::logger> logger_;
    DatagramHandler handler_;
};

}  // namespace mmo::game
