#include "common/gameproto/FrameEncoder.hpp"

#include "common/codec/ByteWriter.hpp"

namespace mmo::game {

namespace {

using codec::ByteWriter;

void putU16(ByteWriter& w, std::uint16_t v) {
    w.putU8(static_cast<std::uint8_t>(v & 0xff));
    w.putU8(static_cast<std::uint8_t>(v >> 8));
}

void putCell(ByteWriter& w, const Cell& c) {
    w.putZigzag(c.x);
    w.putZigzag(c.y);
    w.putVarint(c.type);
    w.putU64le(c.hlc);
    w.putString(c.origin);
}

struct PayloadWriter {
    ByteWriter& w;
    FrameType operator()(const Hello& m) {
        putU16(w, m.version);
        w.putU8(static_cast<std::uint8_t>(m.auth));
        w.putString(m.credential);
        return FrameType::Hello;
    }
    FrameType operator()(const PlaceBlock& m) {
        w.putVarint(m.requestId);
        w.putZigzag(m.x);
        w.putZigzag(m.y);
        w.putVarint(m.type);
        return FrameType::PlaceBlock;
    }
    FrameType operator()(const BreakBlock& m) {
        w.putVarint(m.requestId);
        w.putZigzag(m.x);
        w.putZigzag(m.y);
        return FrameType::BreakBlock;
    }
    FrameType operator()(const Subscribe& m) {
        w.putZigzag(m.x);
        w.putZigzag(m.y);
        w.putVarint(m.width);
        w.putVarint(m.height);
        return FrameType::Subscribe;
    }
    FrameType operator()(const ChatSay& m) {
        w.putString(m.text);
        return FrameType::ChatSay;
    }
    FrameType operator()(const Ping& m) {
        w.putU64le(m.nonce);
        return FrameType::Ping;
    }
    FrameType operator()(const ClientGoodbye&) { return FrameType::ClientGoodbye; }
    FrameType operator()(const Welcome& m) {
        putU16(w, m.version);
        w.putVarint(m.playerId);
        w.putString(m.region);
        w.putU64le(m.udpKey);
        w.putString(m.name);
        w.putVarint(m.actionsPerSecond);
        w.putVarint(m.maxAreaSide);
        w.putVarint(m.positionHz);
        return FrameType::Welcome;
    }
    FrameType operator()(const BlockAck& m) {
        w.putVarint(m.requestId);
        w.putU64le(m.hlc);
        return FrameType::BlockAck;
    }
    FrameType operator()(const BlockChunk& m) {
        w.putU8(m.last ? 1 : 0);
        w.putVarint(m.cells.size());
        for (const auto& c : m.cells) putCell(w, c);
        return FrameType::BlockChunk;
    }
    FrameType operator()(const BlockUpdate& m) {
        putCell(w, m.cell);
        return FrameType::BlockUpdate;
    }
    FrameType operator()(const ChatMessage& m) {
        w.putString(m.origin);
        w.putString(m.from);
        w.putString(m.text);
        w.putU64le(m.sentAtMs);
        return FrameType::ChatMessage;
    }
    FrameType operator()(const Pong& m) {
        w.putU64le(m.nonce);
        return FrameType::Pong;
    }
    FrameType operator()(const ErrorFrame& m) {
        putU16(w, m.code);
        w.putVarint(m.requestId);
        w.putU8(m.fatal ? 1 : 0);
        w.putString(m.message);
        return FrameType::Error;
    }
    FrameType operator()(const ServerGoodbye& m) {
        w.putString(m.reason);
        return FrameType::ServerGoodbye;
    }
};

template <typename Message>
std::vector<std::uint8_t> encode(const Message& message) {
    ByteWriter w(64);
    w.putU32le(0);
    w.putU8(0);
    const FrameType type = std::visit(PayloadWriter{w}, message);
    w.patchU32le(0, static_cast<std::uint32_t>(w.size() - 4));
    auto bytes = w.take();
    bytes[4] = static_cast<std::uint8_t>(type);
    return bytes;
}

}  // namespace

std::vector<std::uint8_t> encodeFrame(const ClientMessage& message) {
    return encode(message);
}

std::vector<std::uint8_t> encodeFrame(const ServerMessage& message) {
    return encode(message);
}

std::vector<std::uint8_t> encodeRawFrame(std::uint8_t type, const std::vector<std::uint8_t>& payload) {
    ByteWriter w(payload.size() + kFrameHeaderBytes);
    w.putU32le(static_cast<std::uint32_t>(payload.size() + 1));
    w.putU8(type);
    w.putBytes(payload);
    return w.take();
}

}  // namespace mmo::game
