#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "common/gameproto/Messages.hpp"
#include "common/gameproto/UdpCodec.hpp"

namespace mmo::gameclient {

// Where and how a client connects.
struct ClientOptions {
    std::string host = "127.0.0.1";  // a numeric address or a host name
    std::uint16_t tcpPort = 0;
    std::uint16_t udpPort = 0;  // 0: no UDP
    std::optional<boost::asio::ip::address>
        localAddress;                       // bind the TCP socket here first (bots spread over 127.0.0.x)
    std::uint32_t maxFrameBytes = 1 << 20;  // larger server frames end the connection
    std::size_t maxQueuedBytes = 4 << 20;   // sends beyond this are refused (false)
};

// The connection ended: a server goodbye, an error, or the peer closed.
struct Disconnected {
    std::string reason;
};

// Everything a client hears, in order: TCP frames, UDP position datagrams, the end of the connection.
using ServerEvent =
    std::variant<game::Welcome, game::BlockAck, game::BlockChunk, game::BlockUpdate, game::ChatMessage,
                 game::Pong, game::ErrorFrame, game::ServerGoodbye, game::PositionsDatagram, Disconnected>;

}  // namespace mmo::gameclient
