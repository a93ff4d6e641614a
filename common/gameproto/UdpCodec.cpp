#include "common/gameproto/UdpCodec.hpp"

#include <bit>
#include <cmath>

#include "common/codec/ByteReader.hpp"
#include "common/codec/ByteWriter.hpp"

namespace mmo::game {

namespace {

using codec::ReadStatus;

void putFloat(codec::ByteWriter& w, float v) {
    w.putU32le(std::bit_cast<std::uint32_t>(v));
}

bool getFloat(codec::ByteReader& r, float& out) {
    std::uint32_t bits = 0;
    if (r.getU32le(bits) != ReadStatus::Ok) return false;
    out = std::bit_cast<float>(bits);
    return std::isfinite(out);
}

}  // namespace

std::vector<std::uint8_t> encodePosition(const PositionUpdate& update) {
    codec::ByteWriter w(kUdpPositionBytes);
    w.putU8(kUdpPosition);
    w.putU64le(update.key);
    w.putU32le(update.seq);
    putFloat(w, update.x);
    putFloat(w, update.y);
    return w.take();
}

std::optional<PositionUpdate> decodePosition(std::span<const std::uint8_t> datagram) {
    if (datagram.size() != kUdpPositionBytes || datagram[0] != kUdpPosition) return std::nullopt;
    codec::ByteReader r(datagram.subspan(1));
    PositionUpdate u;
    if (r.getU64le(u.key) != ReadStatus::Ok || r.getU32le(u.seq) != ReadStatus::Ok || !getFloat(r, u.x) ||
        !getFloat(r, u.y))
        return std::nullopt;
    return u;
}

std::vector<std::uint8_t> encodePositions(const PositionsDatagram& datagram) {
    codec::ByteWriter w(6 + 16 * datagram.players.size());
    w.putU8(kUdpPositions);
    w.putU32le(datagram.tick);
    const auto count = std::min(datagram.players.size(), kMaxPositionsPerDatagram);
    w.putU8(static_cast<std::uint8_t>(count));
    for (std::size_t i = 0; i < count; ++i) {
        w.putU64le(datagram.players[i].playerId);
        putFloat(w, datagram.players[i].x);
        putFloat(w, datagram.players[i].y);
    }
    return w.take();
}

std::optional<PositionsDatagram> decodePositions(std::span<const std::uint8_t> datagram) {
    if (datagram.size() < 6 || datagram[0] != kUdpPositions) return std::nullopt;
    codec::ByteReader r(datagram.subspan(1));
    PositionsDatagram d;
    std::uint8_t count = 0;
    if (r.getU32le(d.tick) != ReadStatus::Ok || r.getU8(count) != ReadStatus::Ok) return std::nullopt;
    if (count > kMaxPositionsPerDatagram || r.remaining() != count * 16u) return std::nullopt;
    for (std::uint8_t i = 0; i < count; ++i) {
        PlayerPosition p;
        if (r.getU64le(p.playerId) != ReadStatus::Ok || !getFloat(r, p.x) || !getFloat(r, p.y))
            return std::nullopt;
        d.players.push_back(p);
    }
    return d;
}

std::vector<std::uint8_t> encodeChallenge(const UdpChallenge& challenge) {
    codec::ByteWriter w(kUdpChallengeBytes);
    w.putU8(kUdpChallenge);
    w.putU64le(challenge.nonce);
    return w.take();
}

std::optional<UdpChallenge> decodeChallenge(std::span<const std::uint8_t> datagram) {
    if (datagram.size() != kUdpChallengeBytes || datagram[0] != kUdpChallenge) return std::nullopt;
    codec::ByteReader r(datagram.subspan(1));
    UdpChallenge c;
    if (r.getU64le(c.nonce) != ReadStatus::Ok) return std::nullopt;
    return c;
}

std::vector<std::uint8_t> encodeVerify(const UdpVerify& verify) {
    codec::ByteWriter w(kUdpVerifyBytes);
    w.putU8(kUdpVerify);
    w.putU64le(verify.key);
    w.putU64le(verify.nonce);
    return w.take();
}

std::optional<UdpVerify> decodeVerify(std::span<const std::uint8_t> datagram) {
    if (datagram.size() != kUdpVerifyBytes || datagram[0] != kUdpVerify) return std::nullopt;
    codec::ByteReader r(datagram.subspan(1));
    UdpVerify v;
    if (r.getU64le(v.key) != ReadStatus::Ok || r.getU64le(v.nonce) != ReadStatus::Ok) return std::nullopt;
    return v;
}

}  // namespace mmo::game
