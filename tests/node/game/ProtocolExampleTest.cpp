// The worked example session of docs/protocol.md, generated from the codec: every hex line in the doc
// must be what the codec produces (run with --gtest_also_run_disabled_tests to print them again).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/gameproto/FrameEncoder.hpp"
#include "common/gameproto/UdpCodec.hpp"

namespace mmo::game {
namespace {

// The session's times, in the narrative's order (2025-11-27T04:00:00Z = 1764216000000 ms): us-east-1 wrote
// the stone before ann joined, ann places, then breaks, then chats. An HLC is (ms << 16) | counter.
constexpr std::uint64_t kStoneMs = 1764216000000ULL;  // 04:00:00.000, in us-east-1
constexpr std::uint64_t kPlaceMs = 1764216005250ULL;  // 04:00:05.250
constexpr std::uint64_t kBreakMs = 1764216005900ULL;  // 04:00:05.900
constexpr std::uint64_t kChatMs = 1764216007000ULL;   // 04:00:07.000
constexpr std::uint64_t kStoneHlc = kStoneMs << 16;
constexpr std::uint64_t kPlaceHlc = kPlaceMs << 16;
constexpr std::uint64_t kBreakHlc = kBreakMs << 16;
static_assert(kStoneHlc < kPlaceHlc && kPlaceHlc < kBreakHlc && kBreakMs < kChatMs, "the narrative's order");
constexpr std::uint64_t kKey = 0x8f3a6c1d2e4b5a79ULL;
constexpr std::uint64_t kNonce = 0x5be0cd19137e2179ULL;  // a CHALLENGE's nonce

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::ostringstream out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        static const char* digits = "0123456789abcdef";
        if (i) out << ' ';
        out << digits[bytes[i] >> 4] << digits[bytes[i] & 15];
    }
    return out.str();
}

// "C>S HELLO guest ann" and the bytes, one line each.
std::vector<std::string> exampleLines() {
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> steps = {
        {"C>S HELLO (guest \"ann\")", encodeFrame(ClientMessage{Hello{1, AuthKind::Guest, "ann"}})},
        {"S>C WELCOME (player 7, eu-west-1)",
         encodeFrame(ServerMessage{Welcome{1, 7, "eu-west-1", kKey, "guest:ann", 20, 256, 10}})},
        {"C>S SUBSCRIBE (0,0 16x16)", encodeFrame(ClientMessage{Subscribe{0, 0, 16, 16}})},
        {"S>C BLOCK_CHUNK (last, 1 cell)",
         encodeFrame(ServerMessage{BlockChunk{true, {Cell{3, 4, 1, kStoneHlc, "us-east-1"}}}})},
        {"C>S PLACE_BLOCK (req 1, 5,-2, dirt)", encodeFrame(ClientMessage{PlaceBlock{1, 5, -2, 2}})},
        {"S>C BLOCK_ACK (req 1)", encodeFrame(ServerMessage{BlockAck{1, kPlaceHlc}})},
        {"C>S BREAK_BLOCK (req 2, 3,4)", encodeFrame(ClientMessage{BreakBlock{2, 3, 4}})},
        {"S>C BLOCK_ACK (req 2)", encodeFrame(ServerMessage{BlockAck{2, kBreakHlc}})},
        {"S>C BLOCK_UPDATE (3,4 air)",
         encodeFrame(ServerMessage{BlockUpdate{Cell{3, 4, 0, kBreakHlc, "eu-west-1"}}})},
        {"C>S CHAT (\"hi\")", encodeFrame(ClientMessage{ChatSay{"hi"}})},
        {"S>C CHAT_MESSAGE",
         encodeFrame(ServerMessage{ChatMessage{"eu-west-1", "guest:ann", "hi", kChatMs}})},
        {"C>S PING", encodeFrame(ClientMessage{Ping{1}})},
        {"S>C PONG", encodeFrame(ServerMessage{Pong{1}})},
        {"S>C ERROR (rate_limited, req 9)", encodeFrame(ServerMessage{ErrorFrame{8, 9, false, "slow down"}})},
        {"C>S GOODBYE", encodeFrame(ClientMessage{ClientGoodbye{}})},
        {"S>C GOODBYE", encodeFrame(ServerMessage{ServerGoodbye{"goodbye"}})},
        {"UDP C>S POSITION (seq 1, 1.5, -2)", encodePosition({kKey, 1, 1.5f, -2.0f})},
        {"UDP S>C CHALLENGE (to the new endpoint)", encodeChallenge({kNonce})},
        {"UDP C>S VERIFY (from that endpoint)", encodeVerify({kKey, kNonce})},
        {"UDP S>C POSITIONS (tick 3, player 8)", encodePositions({3, {{8, 4.0f, 2.0f}}})},
    };
    std::vector<std::string> lines;
    for (const auto& [label, bytes] : steps) lines.push_back(label + "\n" + hex(bytes));
    return lines;
}

// Every line of the example in docs/protocol.md is exactly what the codec writes, in the same order.
TEST(ProtocolExample, DocumentMatchesCodec) {
    std::ifstream in(std::string(MMO_SOURCE_DIR) + "/docs/protocol.md");
    ASSERT_TRUE(in) << "docs/protocol.md is missing";
    std::stringstream doc;
    doc << in.rdbuf();
    // In the order of the story: each line after the one before it.
    std::size_t after = 0;
    for (const auto& line : exampleLines()) {
        const auto at = doc.str().find(line, after);
        EXPECT_NE(at, std::string::npos) << line;
        if (at != std::string::npos) after = at + line.size();
    }
}

TEST(ProtocolExample, DISABLED_Print) {
    for (const auto& line : exampleLines()) std::cout << line << "\n\n";
}

}  // namespace
}  // namespace mmo::game
