#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "common/codec/ByteReader.hpp"
#include "common/codec/ByteWriter.hpp"

namespace mmo::codec {
namespace {

std::vector<std::uint8_t> varintBytes(std::uint64_t value) {
    ByteWriter writer;
    writer.putVarint(value);
    return writer.take();
}

// Varints use LEB128: 7 bits per byte, low group first, continuation bit on all but the last byte.
TEST(ByteIo, VarintEncodingMatchesLeb128) {
    EXPECT_EQ(varintBytes(0), (std::vector<std::uint8_t>{0x00}));
    EXPECT_EQ(varintBytes(127), (std::vector<std::uint8_t>{0x7f}));
    EXPECT_EQ(varintBytes(128), (std::vector<std::uint8_t>{0x80, 0x01}));
    EXPECT_EQ(varintBytes(300), (std::vector<std::uint8_t>{0xac, 0x02}));
    EXPECT_EQ(varintBytes(std::numeric_limits<std::uint64_t>::max()).size(), 10u);
}

// Every boundary value reads back as written.
TEST(ByteIo, VarintRoundTripsBoundaries) {
    for (std::uint64_t value :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127}, std::uint64_t{128}, std::uint64_t{16383},
          std::uint64_t{16384}, std::uint64_t{1} << 35, std::numeric_limits<std::uint64_t>::max()}) {
        const auto bytes = varintBytes(value);
        ByteReader reader(bytes);
        std::uint64_t out = 0;
        ASSERT_EQ(reader.getVarint(out), ReadStatus::Ok);
        EXPECT_EQ(out, value);
        EXPECT_EQ(reader.remaining(), 0u);
        EXPECT_EQ(ByteWriter::varintSize(value), bytes.size());
    }
}

// Zigzag maps 0,-1,1,-2 to 0,1,2,3 and round trips the int64 extremes.
TEST(ByteIo, ZigzagMapsSmallMagnitudesToSmallNumbers) {
    EXPECT_EQ(ByteWriter::zigzagEncode(0), 0u);
    EXPECT_EQ(ByteWriter::zigzagEncode(-1), 1u);
    EXPECT_EQ(ByteWriter::zigzagEncode(1), 2u);
    EXPECT_EQ(ByteWriter::zigzagEncode(-2), 3u);
    for (std::int64_t v : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
                           std::int64_t{-1000}, std::int64_t{1000}})
        EXPECT_EQ(ByteWriter::zigzagDecode(ByteWriter::zigzagEncode(v)), v);
}

// A varint cut short is Truncated and the position does not move.
TEST(ByteIo, TruncatedVarintIsReported) {
    const std::vector<std::uint8_t> bytes{0x80, 0x80};
    ByteReader reader(bytes);
    std::uint64_t out = 0;
    EXPECT_EQ(reader.getVarint(out), ReadStatus::Truncated);
    EXPECT_EQ(reader.position(), 0u);
}

// Eleven bytes, a tenth byte over 1, or a padded (non-shortest) form are Malformed.
TEST(ByteIo, OverlongOrPaddedVarintIsMalformed) {
    std::uint64_t out = 0;
    const std::vector<std::uint8_t> eleven(11, 0x80);
    EXPECT_EQ(ByteReader(eleven).getVarint(out), ReadStatus::Malformed);
    std::vector<std::uint8_t> overflow(9, 0xff);
    overflow.push_back(0x02);
    EXPECT_EQ(ByteReader(overflow).getVarint(out), ReadStatus::Malformed);
    const std::vector<std::uint8_t> padded{0x81, 0x00};
    EXPECT_EQ(ByteReader(padded).getVarint(out), ReadStatus::Malformed);
}

// Fixed-width integers are little-endian.
TEST(ByteIo, FixedIntegersAreLittleEndian) {
    ByteWriter writer;
    writer.putU32le(0x11223344);
    EXPECT_EQ(writer.bytes(), (std::vector<std::uint8_t>{0x44, 0x33, 0x22, 0x11}));
    ByteReader reader(writer.bytes());
    std::uint32_t out = 0;
    ASSERT_EQ(reader.getU32le(out), ReadStatus::Ok);
    EXPECT_EQ(out, 0x11223344u);
    EXPECT_EQ(reader.getU32le(out), ReadStatus::Truncated);
}

// A string longer than the caller's maximum is Malformed before any byte of it is read.
TEST(ByteIo, StringOverMaximumIsMalformed) {
    ByteWriter writer;
    writer.putString("abcdef");
    ByteReader reader(writer.bytes());
    std::string_view out;
    EXPECT_EQ(reader.getString(5, out), ReadStatus::Malformed);
    EXPECT_EQ(reader.getString(6, out), ReadStatus::Ok);
    EXPECT_EQ(out, "abcdef");
}

}  // namespace
}  // namespace mmo::codec
