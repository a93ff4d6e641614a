#include "common/codec/ByteReader.hpp"

#include "common/codec/ByteWriter.hpp"

namespace mmo::codec {

ReadStatus ByteReader::getU8(std::uint8_t& out) {
    if (remaining() < 1) return ReadStatus::Truncated;
    out = data_[pos_++];
    return ReadStatus::Ok;
}

ReadStatus ByteReader::getU32le(std::uint32_t& out) {
    if (remaining() < 4) return ReadStatus::Truncated;
    out = 0;
    for (int i = 0; i < 4; ++i) out |= static_cast<std::uint32_t>(data_[pos_ + i]) << (8 * i);
    pos_ += 4;
    return ReadStatus::Ok;
}

ReadStatus ByteReader::getU64le(std::uint64_t& out) {
    if (remaining() < 8) return ReadStatus::Truncated;
    out = 0;
    for (int i = 0; i < 8; ++i) out |= static_cast<std::uint64_t>(data_[pos_ + i]) << (8 * i);
    pos_ += 8;
    return ReadStatus::Ok;
}

ReadStatus ByteReader::getVarint(std::uint64_t& out) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        if (pos_ + i >= data_.size()) return ReadStatus::Truncated;
        const std::uint8_t byte = data_[pos_ + i];
        // The tenth byte carries only bit 63: anything above it overflows 64 bits.
        if (i == 9 && byte > 1) return ReadStatus::Malformed;
        value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
        if ((byte & 0x80) == 0) {
            // A last byte of zero after other bytes means a longer-than-needed encoding: one value, one form.
            if (i > 0 && byte == 0) return ReadStatus::Malformed;
            pos_ += i + 1;
            out = value;
            return ReadStatus::Ok;
        }
    }
    return ReadStatus::Malformed;
}

ReadStatus ByteReader::getZigzag(std::int64_t& out) {
    std::uint64_t raw = 0;
    const ReadStatus status = getVarint(raw);
    if (status == ReadStatus::Ok) out = ByteWriter::zigzagDecode(raw);
    return status;
}

ReadStatus ByteReader::getBytes(std::size_t count, std::span<const std::uint8_t>& out) {
    if (remaining() < count) return ReadStatus::Truncated;
    out = data_.subspan(pos_, count);
    pos_ += count;
    return ReadStatus::Ok;
}

ReadStatus ByteReader::getString(std::size_t max_length, std::string_view& out) {
    const std::size_t start = pos_;
    std::uint64_t length = 0;
    if (const ReadStatus status = getVarint(length); status != ReadStatus::Ok) return status;
    if (length > max_length) {
        pos_ = start;
        return ReadStatus::Malformed;
    }
    std::span<const std::uint8_t> bytes;
    if (const ReadStatus status = getBytes(static_cast<std::size_t>(length), bytes);
        status != ReadStatus::Ok) {
        pos_ = start;
        return status;
    }
    out = std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return ReadStatus::Ok;
}

}  // namespace mmo::codec
