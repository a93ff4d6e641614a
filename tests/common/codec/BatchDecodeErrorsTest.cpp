#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "common/codec/BatchCodec.hpp"
#include "tests/common/codec/BatchTestData.hpp"

namespace mmo::codec {
namespace {

using testdata::bodyHeader;
using testdata::frame;
using testdata::gzipOf;
using testdata::randomBatch;

DecodeReason reasonOf(std::span<const std::uint8_t> bytes, const DecodeLimits& limits = {}) {
    BatchCodec codec;
    const DecodeResult result = codec.decode(bytes, limits);
    EXPECT_FALSE(result.ok());
    return result.ok() ? DecodeReason::TrailingBytes : result.error().reason;
}

std::vector<std::uint8_t> validBatch(bool gzip) {
    BatchCodec codec;
    return codec.encode(randomBatch(40, 11), gzip);
}

// A header declaring a 4 GiB body is rejected from the header alone.
TEST(BatchDecodeErrors, FourGibDeclaredSizeRejected) {
    const std::vector<std::uint8_t> body{1, 2, 3};
    EXPECT_EQ(reasonOf(frame(body, 0, 0xfffffffeu)), DecodeReason::DeclaredSizeTooLarge);
    EXPECT_EQ(reasonOf(frame(body, 1, 0xfffffffeu)), DecodeReason::DeclaredSizeTooLarge);
}

// A message longer than max_encoded_bytes is rejected before anything else.
TEST(BatchDecodeErrors, EncodedSizeOverLimitRejected) {
    EXPECT_EQ(reasonOf(validBatch(false), DecodeLimits{100, 16u << 20, 100000}),
              DecodeReason::EncodedTooLarge);
}

// 32 KiB of gzip inflating to 32 MiB under a 16 MiB declared size stops at the default cap.
TEST(BatchDecodeErrors, GzipBombStopsAtDefaultCap) {
    const std::vector<std::uint8_t> zeros(32u << 20, 0);
    auto bytes = frame(std::span(zeros).first(16u << 20), 0, 16u << 20);
    const auto bomb = gzipOf(zeros);
    bytes.resize(14);
    bytes[5] = 1;
    bytes.insert(bytes.end(), bomb.begin(), bomb.end());
    ASSERT_LT(bytes.size(), 64u << 10);
    EXPECT_EQ(reasonOf(bytes), DecodeReason::DecompressedTooLarge);
}

// About 1 KiB of gzip inflating to 1 MiB is rejected once past a 256 KiB cap.
TEST(BatchDecodeErrors, SmallGzipBombRejectedAtCap) {
    const std::vector<std::uint8_t> zeros(1u << 20, 0);
    const auto bomb = gzipOf(zeros);
    ASSERT_LT(bomb.size(), 1200u);
    auto bytes = frame(std::span(zeros).first(256u << 10), 0, 256u << 10);
    bytes.resize(14);
    bytes[5] = 1;
    bytes.insert(bytes.end(), bomb.begin(), bomb.end());
    EXPECT_EQ(reasonOf(bytes, DecodeLimits{4u << 20, 256u << 10, 100000}),
              DecodeReason::DecompressedTooLarge);
}

// A gzip body inflating to fewer bytes than declared is a size mismatch.
TEST(BatchDecodeErrors, GzipShorterThanDeclaredRejected) {
    auto bytes = validBatch(true);
    bytes[6] = static_cast<std::uint8_t>(bytes[6] + 1);  // declared body size one larger
    EXPECT_EQ(reasonOf(bytes), DecodeReason::SizeMismatch);
}

// Every strict prefix of a valid plain batch is rejected as truncated.
TEST(BatchDecodeErrors, TruncationAtEveryOffsetPlain) {
    const auto bytes = validBatch(false);
    for (std::size_t n = 0; n < bytes.size(); ++n)
        EXPECT_EQ(reasonOf(std::span(bytes).first(n)), DecodeReason::Truncated) << "prefix " << n;
}

// Every strict prefix of a valid gzip batch is rejected as truncated.
TEST(BatchDecodeErrors, TruncationAtEveryOffsetGzip) {
    const auto bytes = validBatch(true);
    for (std::size_t n = 0; n < bytes.size(); ++n)
        EXPECT_EQ(reasonOf(std::span(bytes).first(n)), DecodeReason::Truncated) << "prefix " << n;
}

// Anything but "MMOB" in the first four bytes is bad magic.
TEST(BatchDecodeErrors, WrongMagicRejected) {
    auto bytes = validBatch(false);
    bytes[3] = 'X';
    EXPECT_EQ(reasonOf(bytes), DecodeReason::BadMagic);
    const std::vector<std::uint8_t> json{'{', '"', 'x', '"'};
    EXPECT_EQ(reasonOf(json), DecodeReason::BadMagic);
}

// A version byte other than 1 is unsupported.
TEST(BatchDecodeErrors, WrongVersionRejected) {
    for (std::uint8_t version : {0, 2, 255}) {
        auto bytes = validBatch(false);
        bytes[4] = version;
        EXPECT_EQ(reasonOf(bytes), DecodeReason::UnsupportedVersion);
    }
}

// A flags bit other than bit 0 is rejected.
TEST(BatchDecodeErrors, UnknownFlagsRejected) {
    auto bytes = validBatch(false);
    bytes[5] = 0x02;
    EXPECT_EQ(reasonOf(bytes), DecodeReason::UnknownFlags);
}

// Bytes after the body (plain) or after the gzip member are trailing garbage.
TEST(BatchDecodeErrors, TrailingGarbageRejected) {
    auto plain = validBatch(false);
    plain.push_back(0);
    EXPECT_EQ(reasonOf(plain), DecodeReason::TrailingBytes);
    auto gz = validBatch(true);
    gz.push_back(0);
    EXPECT_EQ(reasonOf(gz), DecodeReason::TrailingBytes);
}

// A body byte changed after encoding fails the CRC.
TEST(BatchDecodeErrors, ChecksumMismatchRejected) {
    auto bytes = validBatch(false);
    bytes[bytes.size() - 3] ^= 0x01;
    EXPECT_EQ(reasonOf(bytes), DecodeReason::ChecksumMismatch);
}

// A damaged deflate stream is corrupt compression.
TEST(BatchDecodeErrors, CorruptGzipRejected) {
    auto bytes = validBatch(true);
    bytes[14] = 0x00;  // first gzip magic byte (0x1f)
    EXPECT_EQ(reasonOf(bytes), DecodeReason::CorruptCompression);
}

// A declared change count over max_changes is rejected before allocating.
TEST(BatchDecodeErrors, TooManyChangesRejected) {
    auto body = bodyHeader("eu-west-1", 1, 1'000'000).take();
    EXPECT_EQ(reasonOf(frame(body)), DecodeReason::TooManyChanges);
}

// A change count the remaining bytes cannot hold is truncation, not an allocation.
TEST(BatchDecodeErrors, CountBeyondBodyRejected) {
    auto body = bodyHeader("eu-west-1", 1, 50'000).take();
    EXPECT_EQ(reasonOf(frame(body)), DecodeReason::Truncated);
}

// An 11-byte varint inside a CRC-valid body is malformed.
TEST(BatchDecodeErrors, MalformedVarintRejected) {
    auto w = bodyHeader("eu-west-1", 1, 1);
    for (int i = 0; i < 10; ++i) w.putU8(0x80);
    w.putU8(0x00);
    EXPECT_EQ(reasonOf(frame(w.take())), DecodeReason::MalformedVarint);
}

// A position outside int32, a type over 65535 or a counter over 16 bits is out of range.
TEST(BatchDecodeErrors, OutOfRangeValuesRejected) {
    auto x = bodyHeader("eu-west-1", 1, 1);
    x.putZigzag(0), x.putZigzag(std::int64_t{1} << 31), x.putVarint(1), x.putVarint(0), x.putVarint(0);
    EXPECT_EQ(reasonOf(frame(x.take())), DecodeReason::ValueOutOfRange);
    auto type = bodyHeader("eu-west-1", 1, 1);
    type.putZigzag(0), type.putZigzag(0), type.putVarint(65536), type.putVarint(0), type.putVarint(0);
    EXPECT_EQ(reasonOf(frame(type.take())), DecodeReason::ValueOutOfRange);
    auto logical = bodyHeader("eu-west-1", 1, 1);
    logical.putZigzag(0), logical.putZigzag(0), logical.putVarint(1), logical.putVarint(0),
        logical.putVarint(65536);
    EXPECT_EQ(reasonOf(frame(logical.take())), DecodeReason::ValueOutOfRange);
}

// An origin that is not a region id, or sequence 0, is rejected.
TEST(BatchDecodeErrors, InvalidOriginAndSequenceRejected) {
    EXPECT_EQ(reasonOf(frame(bodyHeader("EU WEST", 1, 0).take())), DecodeReason::InvalidOrigin);
    EXPECT_EQ(reasonOf(frame(bodyHeader("", 1, 0).take())), DecodeReason::InvalidOrigin);
    EXPECT_EQ(reasonOf(frame(bodyHeader(std::string(40, 'a'), 1, 0).take())), DecodeReason::InvalidOrigin);
    EXPECT_EQ(reasonOf(frame(bodyHeader("eu-west-1", 0, 0).take())), DecodeReason::InvalidSequence);
}

// The origin's checks run in the documented order (sync-wire-format.md section 4, step 10), so a body where
// two reasons could apply always gets the same one.
TEST(BatchDecodeErrors, OriginChecksRunInTheDocumentedOrder) {
    const auto bodyOf = [](std::vector<std::uint8_t> bytes) { return frame(bytes); };
    // Length over 32 with fewer bytes left: the length is judged first, invalid_origin.
    EXPECT_EQ(reasonOf(bodyOf({40, 'e', 'u'})), DecodeReason::InvalidOrigin);
    // Length within 32 but more than the bytes left: truncated.
    EXPECT_EQ(reasonOf(bodyOf({9, 'e', 'u'})), DecodeReason::Truncated);
    // Length within 32, bytes cut short, and the bytes present not a region id: still truncated (the
    // characters are looked at only once all of them are there).
    EXPECT_EQ(reasonOf(bodyOf({9, 'E', 'U'})), DecodeReason::Truncated);
    // A length varint that is not in its shortest form: malformed_varint, not invalid_origin.
    EXPECT_EQ(reasonOf(bodyOf({0x89, 0x00, 'e', 'u'})), DecodeReason::MalformedVarint);
    // An empty body: the length itself is missing.
    EXPECT_EQ(reasonOf(bodyOf({})), DecodeReason::Truncated);
}

// Bytes after the last change inside a CRC-valid body are trailing bytes.
TEST(BatchDecodeErrors, TrailingBytesInBodyRejected) {
    auto w = bodyHeader("eu-west-1", 1, 0);
    w.putU8(0);
    EXPECT_EQ(reasonOf(frame(w.take())), DecodeReason::TrailingBytes);
}

// Thousands of random inputs, random headers and mutated valid batches never crash and never decode
// to garbage (the sanitizer build checks the memory side).
TEST(BatchDecodeErrors, RandomInputFuzz) {
    std::mt19937 rng(20240501);
    BatchCodec codec;
    const auto plain = validBatch(false);
    const auto gz = validBatch(true);
    int decoded = 0;
    for (int i = 0; i < 4000; ++i) {
        std::vector<std::uint8_t> input;
        switch (i % 4) {
            case 0:  // pure noise
                input.resize(rng() % 200);
                for (auto& b : input) b = static_cast<std::uint8_t>(rng());
                break;
            case 1: {  // valid frame header, noise body with a correct CRC
                std::vector<std::uint8_t> body(rng() % 120);
                for (auto& b : body) b = static_cast<std::uint8_t>(rng());
                input = frame(body, static_cast<std::uint8_t>(rng() % 2));
                break;
            }
            default: {  // a valid batch with a few bytes flipped
                input = (i % 4 == 2) ? plain : gz;
                for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k)
                    input[rng() % input.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            }
        }
        const DecodeResult result = codec.decode(input);
        if (result.ok())
            ++decoded;
        else
            EXPECT_FALSE(result.error().message.empty());
    }
    EXPECT_LT(decoded, 40);  // a random body may parse by chance; flipped valid batches fail the CRC
}

}  // namespace
}  // namespace mmo::codec
