#include "node/sync/OutboxRecord.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

#include "common/codec/ByteReader.hpp"

namespace mmo::sync {
namespace {

using codec::ByteReader;
using codec::ByteWriter;
using codec::ReadStatus;

std::uint32_t crcOf(std::span<const std::uint8_t> bytes) {
    return static_cast<std::uint32_t>(
        ::crc32(::crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(bytes.size())));
}

// Frames `payload` (already encoded) as a record of `type`.
void frame(OutboxRecordType type, const ByteWriter& payload, ByteWriter& out) {
    const auto& body = payload.bytes();
    out.putU32le(static_cast<std::uint32_t>(body.size()));
    const std::size_t crcStart = out.size();
    out.putU8(static_cast<std::uint8_t>(type));
    out.putBytes(body);
    out.putU32le(crcOf(std::span(out.bytes()).subspan(crcStart)));
}

bool readInt32(ByteReader& in, std::int32_t& out) {
    std::int64_t value = 0;
    if (in.getZigzag(value) != ReadStatus::Ok) return false;
    if (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max())
        return false;
    out = static_cast<std::int32_t>(value);
    return true;
}

bool decodePayload(OutboxRecordType type, std::span<const std::uint8_t> payload, OutboxRecord& record) {
    ByteReader in(payload);
    std::uint64_t value = 0;
    switch (type) {
        case OutboxRecordType::Change:
            if (!readInt32(in, record.change.x) || !readInt32(in, record.change.y)) return false;
            if (in.getVarint(value) != ReadStatus::Ok || value > std::numeric_limits<std::uint16_t>::max())
                return false;
            record.change.type = static_cast<std::uint16_t>(value);
            if (in.getVarint(record.change.hlc) != ReadStatus::Ok) return false;
            break;
        case OutboxRecordType::Seal:
            if (in.getVarint(record.sequence) != ReadStatus::Ok) return false;
            if (in.getVarint(value) != ReadStatus::Ok || value > std::numeric_limits<std::uint32_t>::max())
                return false;
            record.count = static_cast<std::uint32_t>(value);
            break;
        case OutboxRecordType::Published:
            if (in.getVarint(record.sequence) != ReadStatus::Ok) return false;
            break;
        default:
            return false;
    }
    return in.remaining() == 0;  // trailing bytes mean the length or the writer is wrong
}

}  // namespace

void encodeOutboxHeader(const OutboxHeader& header, ByteWriter& out) {
    const std::size_t start = out.size();
    out.putBytes(OutboxHeader::kMagic);
    out.putU8(OutboxHeader::kVersion);
    out.putU64le(header.epoch);
    out.putU64le(header.seqFloor);
    out.putU32le(crcOf(std::span(out.bytes()).subspan(start)));
}

std::optional<OutboxHeader> decodeOutboxHeader(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < OutboxHeader::kSize) return std::nullopt;
    if (!std::equal(std::begin(OutboxHeader::kMagic), std::end(OutboxHeader::kMagic), bytes.begin()))
        return std::nullopt;
    ByteReader in(bytes.subspan(4, OutboxHeader::kSize - 4));
    OutboxHeader header;
    std::uint8_t version = 0;
    std::uint32_t crc = 0;
    in.getU8(version);
    in.getU64le(header.epoch);
    in.getU64le(header.seqFloor);
    in.getU32le(crc);
    if (version != OutboxHeader::kVersion || crc != crcOf(bytes.first(OutboxHeader::kSize - 4)))
        return std::nullopt;
    return header;
}

void encodeOutboxChange(const codec::BlockChange& change, ByteWriter& out) {
    ByteWriter payload(24);
    payload.putZigzag(change.x);
    payload.putZigzag(change.y);
    payload.putVarint(change.type);
    payload.putVarint(change.hlc);
    frame(OutboxRecordType::Change, payload, out);
}

void encodeOutboxSeal(std::uint64_t sequence, std::uint32_t count, ByteWriter& out) {
    ByteWriter payload(16);
    payload.putVarint(sequence);
    payload.putVarint(count);
    frame(OutboxRecordType::Seal, payload, out);
}

void encodeOutboxPublished(std::uint64_t sequence, ByteWriter& out) {
    ByteWriter payload(10);
    payload.putVarint(sequence);
    frame(OutboxRecordType::Published, payload, out);
}

std::optional<OutboxRecord> decodeOutboxRecord(std::span<const std::uint8_t> bytes, std::size_t& consumed) {
    ByteReader in(bytes);
    std::uint32_t length = 0;
    if (in.getU32le(length) != ReadStatus::Ok || length > kOutboxMaxPayload) return std::nullopt;
    if (in.remaining() < std::size_t{length} + 5) return std::nullopt;
    const auto typeAndPayload = bytes.subspan(4, std::size_t{length} + 1);
    ByteReader crcIn(bytes.subspan(5 + length, 4));
    std::uint32_t crc = 0;
    crcIn.getU32le(crc);
    if (crc != crcOf(typeAndPayload)) return std::nullopt;
    OutboxRecord record;
    record.type = static_cast<OutboxRecordType>(typeAndPayload[0]);
    if (!decodePayload(record.type, typeAndPayload.subspan(1), record)) return std::nullopt;
    consumed = kOutboxFrameBytes + length;
    return record;
}

}  // namespace mmo::sync
