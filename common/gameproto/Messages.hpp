#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

// The game protocol's messages (docs/protocol.md). Client frames have types 0x01..0x07, server frames
// 0x81..0x88; FrameCodec turns them into bytes and back.
namespace mmo::game {

inline constexpr std::uint16_t kProtocolVersion = 1;

enum class FrameType : std::uint8_t {
    Hello = 0x01,
    PlaceBlock = 0x02,
    BreakBlock = 0x03,
    Subscribe = 0x04,
    ChatSay = 0x05,
    Ping = 0x06,
    ClientGoodbye = 0x07,
    Welcome = 0x81,
    BlockAck = 0x82,
    BlockChunk = 0x83,
    BlockUpdate = 0x84,
    ChatMessage = 0x85,
    Pong = 0x86,
    Error = 0x87,
    ServerGoodbye = 0x88,
};

enum class AuthKind : std::uint8_t { Guest = 0, Token = 1 };

// ---- client to server ----
struct Hello {
    std::uint16_t version = kProtocolVersion;
    AuthKind auth = AuthKind::Guest;
    std::string credential;  // guest name or the JWT of POST /api/auth/login
};
struct PlaceBlock {
    std::uint64_t requestId = 0;
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::uint16_t type = 0;  // 1..65535 (0 is air: use BreakBlock)
};
struct BreakBlock {
    std::uint64_t requestId = 0;
    std::int32_t x = 0;
    std::int32_t y = 0;
};
struct Subscribe {
    std::int32_t x = 0;  // lowest corner
    std::int32_t y = 0;
    std::uint32_t width = 0;  // 0 (either side) unsubscribes
    std::uint32_t height = 0;
};
struct ChatSay {
    std::string text;
};
struct Ping {
    std::uint64_t nonce = 0;
};
struct ClientGoodbye {};

// ---- server to client ----
struct Welcome {
    std::uint16_t version = kProtocolVersion;
    std::uint64_t playerId = 0;
    std::string region;
    std::uint64_t udpKey = 0;
    std::string name;
    std::uint32_t actionsPerSecond = 0;
    std::uint32_t maxAreaSide = 0;
    std::uint32_t positionHz = 0;
};
struct BlockAck {
    std::uint64_t requestId = 0;
    std::uint64_t hlc = 0;
};
struct Cell {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::uint16_t type = 0;
    std::uint64_t hlc = 0;
    std::string origin;
    friend bool operator==(const Cell&, const Cell&) = default;
};
struct BlockChunk {
    bool last = false;
    std::vector<Cell> cells;
};
struct BlockUpdate {
    Cell cell;
};
struct ChatMessage {
    std::string origin;
    std::string from;
    std::string text;
    std::uint64_t sentAtMs = 0;
};
struct Pong {
    std::uint64_t nonce = 0;
};
struct ErrorFrame {
    std::uint16_t code = 0;  // ErrorCode
    std::uint64_t requestId = 0;
    bool fatal = false;
    std::string message;
};
struct ServerGoodbye {
    std::string reason;
};

using ClientMessage = std::variant<Hello, PlaceBlock, BreakBlock, Subscribe, ChatSay, Ping, ClientGoodbye>;
using ServerMessage =
    std::variant<Welcome, BlockAck, BlockChunk, BlockUpdate, ChatMessage, Pong, ErrorFrame, ServerGoodbye>;

// The metric/log name of a frame type ("place_block"), "unknown" for any other byte.
const char* frameTypeName(std::uint8_t type);

}  // namespace mmo::game
