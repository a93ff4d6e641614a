#include "common/gameproto/FrameDecoder.hpp"

#include <limits>

#include "common/codec/ByteReader.hpp"

namespace mmo::game {

namespace {

using codec::ReadStatus;

// A ByteReader that remembers the first failure, so decoders read straight through and check once.
class Fields {
  public:
    explicit Fields(std::span<const std::uint8_t> payload) : reader_(payload) {}

    std::uint8_t u8(const char* what) {
        std::uint8_t v = 0;
        check(reader_.getU8(v), what);
        return v;
    }
    std::uint16_t u16(const char* what) {
        const std::uint16_t lo = u8(what);
        const std::uint16_t hi = u8(what);
        return static_cast<std::uint16_t>(lo | (hi << 8));
    }
    std::uint64_t u64(const char* what) {
        std::uint64_t v = 0;
        check(reader_.getU64le(v), what);
        return v;
    }
    std::uint64_t varint(const char* what, std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
        std::uint64_t v = 0;
        check(reader_.getVarint(v), what);
        if (ok() && v > max) fail(std::string(what) + " out of range");
        return v;
    }
    std::int32_t coordinate(const char* what) {
        std::int64_t v = 0;
        check(reader_.getZigzag(v), what);
        if (ok() &&
            (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max()))
            fail(std::string(what) + " out of the int32 range");
        return static_cast<std::int32_t>(v);
    }
    // No cap: a string is bounded by its frame (a length past the bytes left is truncated).
    std::string string(const char* what) {
        std::string_view v;
        check(reader_.getString(std::numeric_limits<std::size_t>::max(), v), what);
        return std::string(v);
    }
    Cell cell() {
        Cell c;
        c.x = coordinate("x");
        c.y = coordinate("y");
        c.type = static_cast<std::uint16_t>(varint("block type", 0xffff));
        c.hlc = u64("hlc");
        c.origin = string("origin");
        return c;
    }
    std::size_t remaining() const { return reader_.remaining(); }
    bool ok() const { return error_.empty(); }

    // The message, or a failure when a read failed or bytes are left over.
    template <typename Result, typename Message>
    Result finish(Message&& message) {
        if (ok() && reader_.remaining() != 0)
            fail(std::to_string(reader_.remaining()) + " trailing bytes after the payload");
        if (!ok()) return DecodeFailure{ErrorCode::MalformedFrame, error_};
        return Result(std::forward<Message>(message));
    }

  private:
    void check(ReadStatus status, const char* what) {
        if (!ok() || status == ReadStatus::Ok) return;
        fail(std::string(status == ReadStatus::Truncated ? "truncated at " : "malformed ") + what +
             " (byte " + std::to_string(reader_.position()) + " of the payload)");
    }
    void fail(std::string message) {
        if (ok()) error_ = std::move(message);
    }

    codec::ByteReader reader_;
    std::string error_;
};

using ClientResult = std::variant<ClientMessage, DecodeFailure>;
using ServerResult = std::variant<ServerMessage, DecodeFailure>;

// A failure of a frame whose request id was read echoes it (docs/protocol.md, "Errors").
ClientResult echoing(ClientResult result, bool idRead, std::uint64_t requestId) {
    if (auto* failure = std::get_if<DecodeFailure>(&result); failure && idRead)
        failure->requestId = requestId;
    return result;
}

DecodeFailure unknownType(std::uint8_t type) {
    return {ErrorCode::UnknownType, "unknown frame type " + std::to_string(type)};
}

}  // namespace

std::variant<std::uint32_t, DecodeFailure> frameLengthOf(std::span<const std::uint8_t, 4> p,
                                                         std::uint32_t maxFrameBytes) {
    const std::uint32_t length = static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
                                 (static_cast<std::uint32_t>(p[2]) << 16) |
                                 (static_cast<std::uint32_t>(p[3]) << 24);
    if (length == 0)
        return DecodeFailure{ErrorCode::FrameTooLarge, "frame length 0 (it must count the type byte)"};
    if (length > maxFrameBytes)
        return DecodeFailure{ErrorCode::FrameTooLarge, "frame length " + std::to_string(length) +
                                                           " is over the limit of " +
                                                           std::to_string(maxFrameBytes) + " bytes"};
    return length;
}

ClientResult decodeClientPayload(std::uint8_t type, std::span<const std::uint8_t> payload) {
    Fields f(payload);
    switch (static_cast<FrameType>(type)) {
        case FrameType::Hello: {
            Hello m;
            m.version = f.u16("version");
            m.auth = static_cast<AuthKind>(f.varint("auth kind", 1));
            m.credential = f.string("credential");
            return f.finish<ClientResult>(m);
        }
        case FrameType::PlaceBlock: {
            PlaceBlock m;
            m.requestId = f.varint("request id");
            const bool idRead = f.ok();
            m.x = f.coordinate("x");
            m.y = f.coordinate("y");
            m.type = static_cast<std::uint16_t>(f.varint("block type", 0xffff));
            return echoing(f.finish<ClientResult>(m), idRead, m.requestId);
        }
        case FrameType::BreakBlock: {
            BreakBlock m;
            m.requestId = f.varint("request id");
            const bool idRead = f.ok();
            m.x = f.coordinate("x");
            m.y = f.coordinate("y");
            return echoing(f.finish<ClientResult>(m), idRead, m.requestId);
        }
        case FrameType::Subscribe: {
            Subscribe m;
            m.x = f.coordinate("x");
            m.y = f.coordinate("y");
            m.width = static_cast<std::uint32_t>(f.varint("width", 0xffffffffu));
            m.height = static_cast<std::uint32_t>(f.varint("height", 0xffffffffu));
            return f.finish<ClientResult>(m);
        }
        case FrameType::ChatSay:
            return f.finish<ClientResult>(ChatSay{f.string("text")});
        case FrameType::Ping:
            return f.finish<ClientResult>(Ping{f.u64("nonce")});
        case FrameType::ClientGoodbye:
            return f.finish<ClientResult>(ClientGoodbye{});
        default:
            return unknownType(type);
    }
}

ServerResult decodeServerPayload(std::uint8_t type, std::span<const std::uint8_t> payload) {
    Fields f(payload);
    switch (static_cast<FrameType>(type)) {
        case FrameType::Welcome: {
            Welcome m;
            m.version = f.u16("version");
            m.playerId = f.varint("player id");
            m.region = f.string("region");
            m.udpKey = f.u64("udp key");
            m.name = f.string("name");
            m.actionsPerSecond = static_cast<std::uint32_t>(f.varint("actions per second", 0xffffffffu));
            m.maxAreaSide = static_cast<std::uint32_t>(f.varint("max area side", 0xffffffffu));
            m.positionHz = static_cast<std::uint32_t>(f.varint("position hz", 0xffffffffu));
            return f.finish<ServerResult>(m);
        }
        case FrameType::BlockAck: {
            BlockAck m;
            m.requestId = f.varint("request id");
            m.hlc = f.u64("hlc");
            return f.finish<ServerResult>(m);
        }
        case FrameType::BlockChunk: {
            BlockChunk m;
            m.last = f.u8("last") != 0;
            // A cell takes at least 12 bytes: the count cannot make us reserve more than the payload allows.
            const auto count = f.varint("count", f.remaining() / 12);
            for (std::uint64_t i = 0; f.ok() && i < count; ++i) m.cells.push_back(f.cell());
            return f.finish<ServerResult>(std::move(m));
        }
        case FrameType::BlockUpdate:
            return f.finish<ServerResult>(BlockUpdate{f.cell()});
        case FrameType::ChatMessage: {
            ChatMessage m;
            m.origin = f.string("origin");
            m.from = f.string("from");
            m.text = f.string("text");
            m.sentAtMs = f.u64("sent at");
            return f.finish<ServerResult>(m);
        }
        case FrameType::Pong:
            return f.finish<ServerResult>(Pong{f.u64("nonce")});
        case FrameType::Error: {
            ErrorFrame m;
            m.code = f.u16("code");
            m.requestId = f.varint("request id");
            m.fatal = f.u8("fatal") != 0;
            m.message = f.string("message");
            return f.finish<ServerResult>(m);
        }
        case FrameType::ServerGoodbye:
            return f.finish<ServerResult>(ServerGoodbye{f.string("reason")});
        default:
            return unknownType(type);
    }
}

}  // namespace mmo::game
