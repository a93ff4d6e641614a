// The game protocol's frame and datagram codecs: round trips and every kind of bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "common/gameproto/UdpCodec.hpp"

namespace mmo::game {
namespace {

constexpr std::uint32_t kMax = 64 * 1024;

std::span<const std::uint8_t> payloadOf(const std::vector<std::uint8_t>& frame) {
    return std::span<const std::uint8_t>(frame).subspan(kFrameHeaderBytes);
}

ClientMessage roundTripClient(const ClientMessage& m) {
    const auto frame = encodeFrame(m);
    const auto length = frameLengthOf(std::span<const std::uint8_t, 4>(frame.data(), 4), kMax);
    EXPECT_EQ(std::get<std::uint32_t>(length), frame.size() - 4);
    auto decoded = decodeClientPayload(frame[4], payloadOf(frame));
    EXPECT_TRUE(std::holds_alternative<ClientMessage>(decoded));
    return std::get<ClientMessage>(decoded);
}

ServerMessage roundTripServer(const ServerMessage& m) {
    const auto frame = encodeFrame(m);
    auto decoded = decodeServerPayload(frame[4], payloadOf(frame));
    EXPECT_TRUE(std::holds_alternative<ServerMessage>(decoded));
    return std::get<ServerMessage>(decoded);
}

// Every client message survives encode + decode with its fields.
TEST(GameCodec, ClientMessagesRoundTrip) {
    const auto hello = std::get<Hello>(roundTripClient(Hello{1, AuthKind::Token, "a.b.c"}));
    EXPECT_EQ(hello.auth, AuthKind::Token);
    EXPECT_EQ(hello.credential, "a.b.c");
    const auto place = std::get<PlaceBlock>(
        roundTripClient(PlaceBlock{77, -5, std::numeric_limits<std::int32_t>::min(), 65535}));
    EXPECT_EQ(place.requestId, 77u);
    EXPECT_EQ(place.x, -5);
    EXPECT_EQ(place.y, std::numeric_limits<std::int32_t>::min());
    EXPECT_EQ(place.type, 65535);
    const auto brk = std::get<BreakBlock>(roundTripClient(BreakBlock{9, 3, 4}));
    EXPECT_EQ(brk.x, 3);
    const auto sub = std::get<Subscribe>(roundTripClient(Subscribe{-10, 20, 256, 1}));
    EXPECT_EQ(sub.x, -10);
    EXPECT_EQ(sub.width, 256u);
    EXPECT_EQ(std::get<ChatSay>(roundTripClient(ChatSay{"hi"})).text, "hi");
    EXPECT_EQ(std::get<Ping>(roundTripClient(Ping{0xdeadbeefcafeULL})).nonce, 0xdeadbeefcafeULL);
    EXPECT_TRUE(std::holds_alternative<ClientGoodbye>(roundTripClient(ClientGoodbye{})));
}

// Every server message survives encode + decode with its fields.
TEST(GameCodec, ServerMessagesRoundTrip) {
    const auto w = std::get<Welcome>(
        roundTripServer(Welcome{1, 42, "eu-west-1", 0x1122334455667788ULL, "bob", 20, 256, 10}));
    EXPECT_EQ(w.playerId, 42u);
    EXPECT_EQ(w.region, "eu-west-1");
    EXPECT_EQ(w.udpKey, 0x1122334455667788ULL);
    EXPECT_EQ(w.positionHz, 10u);
    EXPECT_EQ(std::get<BlockAck>(roundTripServer(BlockAck{5, 99})).hlc, 99u);
    const BlockChunk chunk{true, {Cell{1, -2, 3, 4, "us-east-1"}, Cell{5, 6, 7, 8, "eu-west-1"}}};
    const auto c = std::get<BlockChunk>(roundTripServer(chunk));
    EXPECT_TRUE(c.last);
    EXPECT_EQ(c.cells, chunk.cells);
    EXPECT_EQ(std::get<BlockUpdate>(roundTripServer(BlockUpdate{Cell{1, 2, 3, 4, "ap"}})).cell.origin, "ap");
    const auto chat = std::get<ChatMessage>(roundTripServer(ChatMessage{"us", "ann", "hello", 123}));
    EXPECT_EQ(chat.from, "ann");
    EXPECT_EQ(chat.sentAtMs, 123u);
    EXPECT_EQ(std::get<Pong>(roundTripServer(Pong{7})).nonce, 7u);
    const auto e = std::get<ErrorFrame>(roundTripServer(ErrorFrame{8, 3, true, "slow down"}));
    EXPECT_EQ(e.code, 8);
    EXPECT_TRUE(e.fatal);
    EXPECT_EQ(std::get<ServerGoodbye>(roundTripServer(ServerGoodbye{"bye"})).reason, "bye");
}

// A length prefix of 0 or over the limit is FrameTooLarge; the limit itself is fine.
TEST(GameCodec, LengthPrefixBounds) {
    const std::uint8_t zero[4] = {0, 0, 0, 0};
    EXPECT_EQ(std::get<DecodeFailure>(frameLengthOf(std::span<const std::uint8_t, 4>(zero, 4), kMax)).code,
              ErrorCode::FrameTooLarge);
    const std::uint8_t atLimit[4] = {0x00, 0x00, 0x01, 0x00};  // 65536
    EXPECT_EQ(std::get<std::uint32_t>(frameLengthOf(std::span<const std::uint8_t, 4>(atLimit, 4), kMax)),
              kMax);
    const std::uint8_t over[4] = {0x01, 0x00, 0x01, 0x00};
    EXPECT_EQ(std::get<DecodeFailure>(frameLengthOf(std::span<const std::uint8_t, 4>(over, 4), kMax)).code,
              ErrorCode::FrameTooLarge);
    const std::uint8_t huge[4] = {0xff, 0xff, 0xff, 0xff};
    EXPECT_EQ(std::get<DecodeFailure>(frameLengthOf(std::span<const std::uint8_t, 4>(huge, 4), kMax)).code,
              ErrorCode::FrameTooLarge);
}

// Every truncation of every client payload is MalformedFrame, never a crash or a wrong message.
TEST(GameCodec, TruncatedPayloadsAreMalformed) {
    const std::vector<ClientMessage> messages = {Hello{1, AuthKind::Guest, "ann"},
                                                 PlaceBlock{1, 2, 3, 4},
                                                 BreakBlock{1, 2, 3},
                                                 Subscribe{1, 2, 3, 4},
                                                 ChatSay{"x"},
                                                 Ping{1}};
    for (const auto& m : messages) {
        const auto frame = encodeFrame(m);
        const auto payload = payloadOf(frame);
        for (std::size_t n = 0; n < payload.size(); ++n) {
            const auto decoded = decodeClientPayload(frame[4], payload.first(n));
            ASSERT_TRUE(std::holds_alternative<DecodeFailure>(decoded))
                << "type " << int(frame[4]) << " n " << n;
            EXPECT_EQ(std::get<DecodeFailure>(decoded).code, ErrorCode::MalformedFrame);
        }
    }
}

// Bytes after the payload, out-of-range values and bad varints are MalformedFrame.
TEST(GameCodec, TrailingBytesAndRangesAreMalformed) {
    auto frame = encodeFrame(Ping{1});
    frame.push_back(0);
    EXPECT_EQ(std::get<DecodeFailure>(decodeClientPayload(frame[4], payloadOf(frame))).code,
              ErrorCode::MalformedFrame);
    // block type 65536 (varint 80 80 04) does not fit u16
    const std::vector<std::uint8_t> bigType = {1, 2, 4, 0x80, 0x80, 0x04};
    EXPECT_EQ(std::get<DecodeFailure>(decodeClientPayload(0x02, bigType)).code, ErrorCode::MalformedFrame);
    // x = zigzag(2^31) does not fit int32
    const std::vector<std::uint8_t> bigX = {1, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 1};
    EXPECT_EQ(std::get<DecodeFailure>(decodeClientPayload(0x02, bigX)).code, ErrorCode::MalformedFrame);
    // an 11-byte varint
    const std::vector<std::uint8_t> longVarint(11, 0x80);
    EXPECT_EQ(std::get<DecodeFailure>(decodeClientPayload(0x03, longVarint)).code, ErrorCode::MalformedFrame);
    // auth kind 2 is not defined
    const std::vector<std::uint8_t> badAuth = {1, 0, 2, 0};
    EXPECT_EQ(std::get<DecodeFailure>(decodeClientPayload(0x01, badAuth)).code, ErrorCode::MalformedFrame);
}

// Server types sent by a client, and undefined types, are UnknownType.
TEST(GameCodec, UnknownTypes) {
    for (const std::uint8_t type : {0x00, 0x08, 0x7f, 0x81, 0x88, 0xff})
        EXPECT_EQ(std::get<DecodeFailure>(decodeClientPayload(type, {})).code, ErrorCode::UnknownType);
    EXPECT_EQ(std::get<DecodeFailure>(decodeServerPayload(0x01, {})).code, ErrorCode::UnknownType);
}

// A chunk whose count promises more cells than its bytes can hold is rejected before allocating.
TEST(GameCodec, ChunkCountIsBoundedByPayload) {
    const std::vector<std::uint8_t> lying = {1, 0xff, 0xff, 0x03};
    EXPECT_EQ(std::get<DecodeFailure>(decodeServerPayload(0x83, lying)).code, ErrorCode::MalformedFrame);
}

// Position datagrams round trip; wrong sizes, types and non-finite floats are refused.
TEST(GameCodec, UdpDatagrams) {
    const auto bytes = encodePosition({0xabcdef, 7, 1.5f, -2.25f});
    ASSERT_EQ(bytes.size(), kUdpPositionBytes);
    const auto p = decodePosition(bytes);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->key, 0xabcdefu);
    EXPECT_EQ(p->seq, 7u);
    EXPECT_EQ(p->y, -2.25f);
    EXPECT_FALSE(decodePosition(std::span(bytes).first(20)));
    auto wrongType = bytes;
    wrongType[0] = 0x02;
    EXPECT_FALSE(decodePosition(wrongType));
    EXPECT_FALSE(decodePosition(encodePosition({1, 1, std::numeric_limits<float>::quiet_NaN(), 0})));
    EXPECT_FALSE(decodePosition(encodePosition({1, 1, 0, std::numeric_limits<float>::infinity()})));

    const PositionsDatagram d{9, {{1, 2, 3}, {4, 5, 6}}};
    const auto back = decodePositions(encodePositions(d));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->tick, 9u);
    EXPECT_EQ(back->players, d.players);
    auto truncated = encodePositions(d);
    truncated.pop_back();
    EXPECT_FALSE(decodePositions(truncated));
}

// CHALLENGE and VERIFY round trip at their fixed sizes; other sizes and types are refused. A CHALLENGE is
// never larger than the POSITION it answers.
TEST(GameCodec, UdpEndpointVerification) {
    const auto challenge = encodeChallenge({0x1122334455667788ULL});
    ASSERT_EQ(challenge.size(), kUdpChallengeBytes);
    EXPECT_LE(challenge.size(), encodePosition({1, 1, 0, 0}).size());
    ASSERT_TRUE(decodeChallenge(challenge));
    EXPECT_EQ(decodeChallenge(challenge)->nonce, 0x1122334455667788ULL);
    EXPECT_FALSE(decodeChallenge(std::span(challenge).first(8)));
    EXPECT_FALSE(decodePositions(challenge));  // an old client ignores it

    const UdpVerify verify{0xabcdef, 0x1122334455667788ULL};
    const auto bytes = encodeVerify(verify);
    ASSERT_EQ(bytes.size(), kUdpVerifyBytes);
    EXPECT_EQ(decodeVerify(bytes), verify);
    EXPECT_FALSE(decodeVerify(std::span(bytes).first(16)));
    EXPECT_FALSE(decodePosition(bytes));
    auto wrongType = bytes;
    wrongType[0] = kUdpPosition;
    EXPECT_FALSE(decodeVerify(wrongType));
}

}  // namespace
}  // namespace mmo::game
