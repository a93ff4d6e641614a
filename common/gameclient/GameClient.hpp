#pragma once

#include <array>
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "common/gameclient/ClientTypes.hpp"

namespace mmo::gameclient {

// An asynchronous game protocol client (docs/protocol.md) on a caller's executor: many clients share one
// io_context (mmoctl bots runs thousands on two threads). Each client keeps to its own strand; the event
// handler runs there, in arrival order. Sends are thread-safe and pipelined (no waiting for replies).
class GameClient : public std::enable_shared_from_this<GameClient> {
  public:
    using EventHandler = std::function<void(ServerEvent&& event)>;
    using ConnectHandler = std::function<void(boost::system::error_code error)>;

    static std::shared_ptr<GameClient> create(boost::asio::any_io_executor executor, ClientOptions options,
                                              EventHandler handler);
    GameClient(boost::asio::any_io_executor executor, ClientOptions options, EventHandler handler);

    // Connects TCP (and UDP when udpPort is set), sends HELLO (if given) and starts reading; `done` runs on
    // the strand once connected (the WELCOME or ERROR comes as an event).
    void connect(std::optional<game::Hello> hello, ConnectHandler done);
    // Queues a client message (a full send queue ends the connection: Disconnected). Always true.
    bool send(const game::ClientMessage& message);
    // Sends raw bytes on the TCP connection (for tests of malformed frames).
    bool sendRaw(std::vector<std::uint8_t> bytes);
    // Sends a POSITION datagram with the key of the WELCOME (no-op before it). The server sends POSITIONS
    // only to a verified endpoint: the client answers its CHALLENGE datagrams with VERIFY by itself, so
    // the first POSITION (and the first after the address changed) starts the verification.
    void sendPosition(float x, float y);
    // Sends a raw datagram to the server's UDP port.
    void sendDatagram(std::vector<std::uint8_t> bytes);
    // Closes both sockets; a Disconnected event follows unless one was already delivered.
    void close();
    // The WELCOME's session key (0 before it).
    std::uint64_t udpKey() const { return udpKey_.load(); }

  private:
    void readMore();
    // Decodes and emits every whole frame in the read buffer; false when the connection ended.
    bool emitFrames();
    void readDatagram();
    // Echoes a CHALLENGE from the server's UDP port with VERIFY (docs/protocol.md, "Endpoint verification").
    void answerChallenge(const game::UdpChallenge& challenge);
    void writeNext();
    void emit(ServerEvent&& event);
    void disconnect(std::string reason);

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    ClientOptions options_;
    EventHandler handler_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::ip::udp::socket udp_;
    boost::asio::ip::udp::endpoint udpServer_;
    boost::asio::ip::udp::endpoint udpSender_;
    // Bytes read and not yet decoded: one read takes as many pipelined frames as the kernel holds, instead
    // of two reads (prefix, body) per frame.
    std::vector<std::uint8_t> readBuffer_;
    std::size_t readBytes_ = 0;
    std::array<std::uint8_t, 2048> datagram_{};
    std::deque<std::vector<std::uint8_t>> queue_;
    std::size_t queuedBytes_ = 0;
    bool writing_ = false;
    bool connected_ = false;
    bool disconnected_ = false;
    std::atomic<std::uint64_t> udpKey_{0};
    std::atomic<std::uint32_t> udpSeq_{0};
};

}  // namespace mmo::gameclient
