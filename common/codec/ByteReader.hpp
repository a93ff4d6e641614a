#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mmo::codec {

// What a read from a ByteReader found.
enum class ReadStatus {
    Ok,
    Truncated,  // the input ended inside the value
    Malformed,  // a varint longer than 10 bytes, over 64 bits, or not in its shortest form
};

// Bounded reader over a byte span: every read checks the remaining length first and never reads past the
// end. On failure the position is left where the failed value started.
class ByteReader {
  public:
    explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

    // One raw byte.
    ReadStatus getU8(std::uint8_t& out);
    // Four little-endian bytes.
    ReadStatus getU32le(std::uint32_t& out);
    // Eight little-endian bytes.
    ReadStatus getU64le(std::uint64_t& out);
    // An unsigned LEB128 varint in its shortest form (at most 10 bytes, at most 64 bits).
    ReadStatus getVarint(std::uint64_t& out);
    // A zigzag varint.
    ReadStatus getZigzag(std::int64_t& out);
    // `count` raw bytes as a view into the input.
    ReadStatus getBytes(std::size_t count, std::span<const std::uint8_t>& out);
    // A varint length (at most `max_length`, else Malformed) followed by that many bytes.
    ReadStatus getString(std::size_t max_length, std::string_view& out);

    // Bytes not read yet.
    std::size_t remaining() const { return data_.size() - pos_; }
    // Bytes read so far.
    std::size_t position() const { return pos_; }

  private:
    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
};

}  // namespace mmo::codec
