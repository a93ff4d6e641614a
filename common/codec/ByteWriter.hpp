#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace mmo::codec {

// Appends little-endian integers, LEB128 varints and zigzag varints to a growing byte buffer.
// The wire rules are in docs/sync-wire-format.md; ByteReader is the matching bounded reader.
class ByteWriter {
  public:
    ByteWriter() = default;
    // Starts with `capacity` bytes reserved.
    explicit ByteWriter(std::size_t capacity) { bytes_.reserve(capacity); }

    // One raw byte.
    void putU8(std::uint8_t value) { bytes_.push_back(value); }
    // Four bytes, least significant first.
    void putU32le(std::uint32_t value);
    // Eight bytes, least significant first.
    void putU64le(std::uint64_t value);
    // Unsigned LEB128: 7 bits per byte, low groups first, high bit set on every byte but the last.
    void putVarint(std::uint64_t value);
    // zigzag(value) as a varint, so small negative numbers stay short.
    void putZigzag(std::int64_t value) { putVarint(zigzagEncode(value)); }
    // Raw bytes, no length.
    void putBytes(std::span<const std::uint8_t> data);
    // A varint byte length followed by the bytes.
    void putString(std::string_view text);
    // Overwrites four bytes at `offset` (already written) with a little-endian value.
    void patchU32le(std::size_t offset, std::uint32_t value);

    // Bytes written so far.
    std::size_t size() const { return bytes_.size(); }
    // The buffer.
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }
    // Moves the buffer out; the writer is empty afterwards.
    std::vector<std::uint8_t> take() { return std::move(bytes_); }

    // Maps signed to unsigned: 0,-1,1,-2,2 -> 0,1,2,3,4.
    static constexpr std::uint64_t zigzagEncode(std::int64_t value) {
        return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
    }
    // Inverse of zigzagEncode.
    static constexpr std::int64_t zigzagDecode(std::uint64_t value) {
        return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
    }
    // Bytes putVarint(value) writes (1..10).
    static constexpr std::size_t varintSize(std::uint64_t value) {
        std::size_t n = 1;
        while (value >= 0x80) {
            value >>= 7;
            ++n;
        }
        return n;
    }

  private:
    std::vector<std::uint8_t> bytes_;
};

}  // namespace mmo::codec
