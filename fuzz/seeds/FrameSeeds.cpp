// Seeds of game_frame: every client and server frame type from the real encoder, whole sessions as a
// client sends them, UDP datagrams, and one broken variant per framing or payload rule of docs/protocol.md.
#include <vector>

#include "common/gameproto/ErrorCode.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "common/gameproto/UdpCodec.hpp"
#include "fuzz/seeds/SeedWriter.hpp"

namespace mmo::fuzz::seeds {

namespace {

using namespace mmo::game;
using Bytes = std::vector<std::uint8_t>;

constexpr const char* kTarget = "game_frame";

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

void writeClientFrames(SeedWriter& out) {
    const std::pair<const char*, ClientMessage> frames[] = {
        {"hello-guest", Hello{kProtocolVersion, AuthKind::Guest, "alice"}},
        {"hello-token", Hello{kProtocolVersion, AuthKind::Token, "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}},
        {"place", PlaceBlock{1, 100, 50, 1}},
        {"place-edges", PlaceBlock{0xffffffffffffffffull, -2147483647 - 1, 2147483647, 65535}},
        {"break", BreakBlock{2, -5, 7}},
        {"subscribe", Subscribe{-16, -16, 32, 32}},
        {"unsubscribe", Subscribe{0, 0, 0, 0}},
        {"chat", ChatSay{"hello from eu"}},
        {"ping", Ping{0x0123456789abcdefull}},
        {"goodbye", ClientGoodbye{}},
    };
    for (const auto& [name, message] : frames)
        out.write(kTarget, std::string(name) + ".frame", encodeFrame(message));
    out.write(
        kTarget, "session.stream",
        concat({encodeFrame(ClientMessage{Hello{kProtocolVersion, AuthKind::Guest, "bob"}}),
                encodeFrame(ClientMessage{Subscribe{0, 0, 64, 64}}),
                encodeFrame(ClientMessage{PlaceBlock{1, 3, 4, 2}}),
                encodeFrame(ClientMessage{BreakBlock{2, 3, 4}}), encodeFrame(ClientMessage{ChatSay{"hi"}}),
                encodeFrame(ClientMessage{Ping{7}}), encodeFrame(ClientMessage{ClientGoodbye{}})}));
    Bytes places;
    for (int i = 0; i < 40; ++i) {
        const auto frame = encodeFrame(ClientMessage{PlaceBlock{static_cast<std::uint64_t>(i), i, -i, 1}});
        places.insert(places.end(), frame.begin(), frame.end());
    }
    out.write(kTarget, "burst-40-places.stream", places);
    // A large chat frame (about 1.1 KB) after a small one: reads that fill the 1 KiB buffer.
    out.write(kTarget, "large-after-small.stream",
              concat({encodeFrame(ClientMessage{Ping{1}}),
                      encodeFrame(ClientMessage{ChatSay{std::string(1100, 'x')}})}));
}

void writeServerFrames(SeedWriter& out) {
    const std::pair<const char*, ServerMessage> frames[] = {
        {"welcome", Welcome{kProtocolVersion, 9, "eu-west-1", 0xfeedfacecafebeefull, "alice", 20, 256, 10}},
        {"block-ack", BlockAck{1, 0x18cc0a5e0000ull}},
        {"block-chunk", BlockChunk{true, {Cell{1, 2, 3, 4, "eu-west-1"}, Cell{-1, -2, 0, 5, "us-east-1"}}}},
        {"block-update", BlockUpdate{Cell{100, 50, 1, 0x18cc0a5e0001ull, "us-east-1"}}},
        {"chat-message", ChatMessage{"us-east-1", "admin", "maintenance at noon", 1704067200000}},
        {"pong", Pong{7}},
        {"error", ErrorFrame{static_cast<std::uint16_t>(ErrorCode::RateLimited), 3, false, "slow down"}},
        {"server-goodbye", ServerGoodbye{"shutting down"}},
    };
    for (const auto& [name, message] : frames)
        out.write(kTarget, std::string(name) + ".frame", encodeFrame(message));
}

void writeDatagrams(SeedWriter& out) {
    out.write(kTarget, "udp-position.dgram",
              encodePosition(PositionUpdate{0xfeedfacecafebeefull, 5, 10.5f, -3.25f}));
    out.write(kTarget, "udp-positions.dgram",
              encodePositions(
                  PositionsDatagram{12, {PlayerPosition{1, 0.f, 1.f}, PlayerPosition{2, -7.5f, 1e6f}}}));
    out.write(kTarget, "udp-challenge.dgram", encodeChallenge(UdpChallenge{0x5be0cd19137e2179ull}));
    out.write(kTarget, "udp-verify.dgram",
              encodeVerify(UdpVerify{0xfeedfacecafebeefull, 0x5be0cd19137e2179ull}));
}

void writeBroken(SeedWriter& out) {
    out.write(kTarget, "length-0.frame", Bytes{0, 0, 0, 0, 0x06});
    out.write(kTarget, "length-over-limit.frame", Bytes{0x01, 0x00, 0x01, 0x00, 0x05, 'x'});
    out.write(kTarget, "length-4gib.frame", Bytes{0xff, 0xff, 0xff, 0xff});
    out.write(kTarget, "partial-prefix.frame", Bytes{0x09, 0x00});
    out.write(kTarget, "partial-payload.frame", Bytes{0x09, 0x00, 0x00, 0x00, 0x06, 1, 2});
    out.write(kTarget, "unknown-type.frame", encodeRawFrame(0x42, {1, 2, 3}));
    out.write(kTarget, "server-type-from-client.frame", encodeRawFrame(0x86, {0, 0, 0, 0, 0, 0, 0, 0}));
    out.write(kTarget, "ping-truncated.frame", encodeRawFrame(0x06, {1, 2, 3}));
    out.write(kTarget, "ping-trailing.frame", encodeRawFrame(0x06, {1, 2, 3, 4, 5, 6, 7, 8, 9}));
    out.write(kTarget, "hello-version-2.frame", encodeRawFrame(0x01, {0x02, 0x00, 0x00, 0x01, 'x'}));
    out.write(kTarget, "hello-auth-kind-2.frame", encodeRawFrame(0x01, {0x01, 0x00, 0x02, 0x01, 'x'}));
    out.write(kTarget, "hello-credential-over-4096.frame",
              encodeRawFrame(0x01, {0x01, 0x00, 0x00, 0x81, 0x20}));
    out.write(kTarget, "place-type-over-65535.frame",
              encodeRawFrame(0x02, {0x01, 0x00, 0x00, 0x80, 0x80, 0x04}));
    out.write(kTarget, "place-x-out-of-int32.frame",
              encodeRawFrame(0x02, {0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00, 0x01}));
    out.write(kTarget, "varint-not-shortest.frame", encodeRawFrame(0x03, {0x81, 0x00, 0x00, 0x00}));
    out.write(kTarget, "subscribe-width-over-u32.frame",
              encodeRawFrame(0x04, {0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10, 0x01}));
    out.write(kTarget, "chunk-count-lie.frame", encodeRawFrame(0x83, {0x01, 0xff, 0x01}));
    out.write(kTarget, "good-then-bad-length.stream",
              concat({encodeFrame(ClientMessage{Ping{1}}), Bytes{0x00, 0x00, 0x10, 0x00, 0x05}}));
    out.write(kTarget, "udp-position-nan.dgram",
              Bytes{0x01, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x00, 0x00, 0xc0, 0x7f, 0, 0, 0, 0});
}

}  // namespace

void writeFrameSeeds(SeedWriter& out) {
    writeClientFrames(out);
    writeServerFrames(out);
    writeDatagrams(out);
    writeBroken(out);
}

}  // namespace mmo::fuzz::seeds
