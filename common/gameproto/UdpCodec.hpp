#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

// UDP datagrams of the game protocol (docs/protocol.md, "UDP"). Little-endian, fixed layout, one message
// per datagram, floats as IEEE-754 binary32.
namespace mmo::game {

inline constexpr std::uint8_t kUdpPosition = 0x01;   // client -> server
inline constexpr std::uint8_t kUdpVerify = 0x02;     // client -> server: echoes a CHALLENGE
inline constexpr std::uint8_t kUdpPositions = 0x81;  // server -> client, only to a verified endpoint
inline constexpr std::uint8_t kUdpChallenge = 0x82;  // server -> client: proves the endpoint receives
inline constexpr std::size_t kUdpPositionBytes = 21;
inline constexpr std::size_t kUdpVerifyBytes = 17;
inline constexpr std::size_t kUdpChallengeBytes = 9;
inline constexpr std::size_t kMaxPositionsPerDatagram = 64;

// The only datagram an unverified endpoint may get is a CHALLENGE, sent in answer to a POSITION: it must
// never be larger than what provoked it (docs/protocol.md, "Endpoint verification").
static_assert(kUdpChallengeBytes <= kUdpPositionBytes);

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

// Sent by the server to an endpoint that is not verified for the session (yet).
struct UdpChallenge {
    std::uint64_t nonce = 0;
    friend bool operator==(const UdpChallenge&, const UdpChallenge&) = default;
};

// The client's answer to a CHALLENGE, sent from the endpoint that received it.
struct UdpVerify {
    std::uint64_t key = 0;    // WELCOME's udp_key
    std::uint64_t nonce = 0;  // the CHALLENGE's
    friend bool operator==(const UdpVerify&, const UdpVerify&) = default;
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
std::vector<std::uint8_t> encodeChallenge(const UdpChallenge& challenge);
// nullopt unless exactly kUdpChallengeBytes with type 0x82.
std::optional<UdpChallenge> decodeChallenge(std::span<const std::uint8_t> datagram);
std::vector<std::uint8_t> encodeVerify(const UdpVerify& verify);
// nullopt unless exactly kUdpVerifyBytes with type 0x02.
std::optional<UdpVerify> decodeVerify(std::span<const std::uint8_t> datagram);

}  // namespace mmo::game
