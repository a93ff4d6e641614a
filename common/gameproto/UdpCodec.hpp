#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

// UDP datagrams of the game protocol (docs/protocol.md, "UDP"). Little-endian, fixed layout, one message
// per datagram, floats as IEEE-754 binary32.
namespace mmo::game {

inline constexpr std::uint8_t kUdpPosition = 0x01;   // client -> server
inline constexpr std::uint8_t kUdpPositions = 0x81;  // server -> client
inline constexpr std::size_t kUdpPositionBytes = 21;
inline constexpr std::size_t kMaxPositionsPerDatagram = 64;

// A player's position, sent by the client with its session key.
struct PositionUpdate {
    std::uint64_t key = 0;
    std::uint32_t seq = 0;  // increases per datagram; older ones are ignored
    float x = 0;
    float y = 0;
};

struct PlayerPosition {
    std::uint64_t playerId = 0;
    float x = 0;
    float y = 0;
    friend bool operator==(const PlayerPosition&, const PlayerPosition&) = default;
};

// Nearby players of the same region, sent by the server at the position rate.
struct PositionsDatagram {
    std::uint32_t tick = 0;
    std::vector<PlayerPosition> players;  // at most kMaxPositionsPerDatagram
};

std::vector<std::uint8_t> encodePosition(const PositionUpdate& update);
// nullopt unless exactly kUdpPositionBytes with type 0x01 and finite coordinates.
std::optional<PositionUpdate> decodePosition(std::span<const std::uint8_t> datagram);
std::vector<std::uint8_t> encodePositions(const PositionsDatagram& datagram);
// nullopt unless well formed (type 0x81, count <= 64, exact length).
std::optional<PositionsDatagram> decodePositions(std::span<const std::uint8_t> datagram);

}  // namespace mmo::game
