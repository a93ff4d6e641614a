#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "common/codec/BatchCodec.hpp"
#include "tests/common/codec/BatchTestData.hpp"

namespace mmo::codec {
namespace {

using testdata::randomBatch;
using testdata::sortedChanges;

void expectRoundTrip(const Batch& batch, bool gzip) {
    BatchCodec codec;
    const auto bytes = codec.encode(batch, gzip);
    const DecodeResult result = codec.decode(bytes);
    ASSERT_TRUE(result.ok()) << result.error().format();
    EXPECT_EQ(result.batch().origin, batch.origin);
    EXPECT_EQ(result.batch().sequence, batch.sequence);
    EXPECT_EQ(result.batch().created_hlc, batch.created_hlc);
    EXPECT_EQ(result.batch().changes, sortedChanges(batch.changes));
}

// A plain batch decodes to the same batch, changes in (y, x, hlc, type) order.
TEST(BatchCodec, RoundTripsPlain) {
    expectRoundTrip(randomBatch(500, 1), false);
}

// A gzipped batch decodes to the same batch.
TEST(BatchCodec, RoundTripsGzip) {
    expectRoundTrip(randomBatch(500, 2), true);
}

// A batch with no changes round trips both ways.
TEST(BatchCodec, RoundTripsEmptyBatch) {
    expectRoundTrip(Batch{"us-east-1", 9, 42, {}}, false);
    expectRoundTrip(Batch{"us-east-1", 9, 42, {}}, true);
}

// Extreme coordinates, the largest type id and hlc extremes survive the deltas.
TEST(BatchCodec, RoundTripsExtremeValues) {
    constexpr auto kMin = std::numeric_limits<std::int32_t>::min();
    constexpr auto kMax = std::numeric_limits<std::int32_t>::max();
    const std::uint64_t top = HybridLogicalClock::pack(HybridLogicalClock::kMaxPhysical, 0xffff);
    Batch batch{"ap-south-1",
                std::numeric_limits<std::uint64_t>::max(),
                top,
                {{kMin, kMax, 65535, top, "ap-south-1"},
                 {kMax, kMin, 1, 0, "ap-south-1"},
                 {kMax, kMax, 0, 1, "ap-south-1"},
                 {kMin, kMin, 7, top - 1, "ap-south-1"}}};
    expectRoundTrip(batch, false);
    expectRoundTrip(batch, true);
}

// Several writes to one cell in one batch are all kept.
TEST(BatchCodec, KeepsRepeatedWritesToOneCell) {
    Batch batch{"eu-west-1", 3, 0, {{5, 5, 1, 100, ""}, {5, 5, 0, 200, ""}, {5, 5, 1, 100, ""}}};
    BatchCodec codec;
    const DecodeResult result = codec.decode(codec.encode(batch, false));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.batch().changes.size(), 3u);
}

// Changes given with an empty origin decode with the batch's origin.
TEST(BatchCodec, EmptyChangeOriginMeansBatchOrigin) {
    BatchCodec codec;
    const DecodeResult result =
        codec.decode(codec.encode(Batch{"eu-west-1", 1, 0, {{1, 2, 3, 4, ""}}}, true));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.batch().changes.at(0).origin, "eu-west-1");
}

// The encoder refuses what no decoder accepts: bad origin, sequence 0, a foreign change.
TEST(BatchCodec, EncoderRejectsInvalidBatches) {
    BatchCodec codec;
    EXPECT_THROW(codec.encode(Batch{"", 1, 0, {}}, false), std::invalid_argument);
    EXPECT_THROW(codec.encode(Batch{"EU", 1, 0, {}}, false), std::invalid_argument);
    EXPECT_THROW(codec.encode(Batch{"eu-west-1", 0, 0, {}}, false), std::invalid_argument);
    EXPECT_THROW(codec.encode(Batch{"eu-west-1", 1, 0, {{0, 0, 1, 1, "us-east-1"}}}, false),
                 std::invalid_argument);
}

// Equal batches encode to identical bytes whatever the order of their changes.
TEST(BatchCodec, EncodingIsCanonical) {
    Batch a = randomBatch(200, 3);
    Batch b = a;
    std::reverse(b.changes.begin(), b.changes.end());
    BatchCodec codec;
    EXPECT_EQ(codec.encode(a, true), codec.encode(b, true));
}

// 1000 random writes in a 1000x1000 area take at most 8 bytes per change with gzip.
TEST(BatchCodec, GzipRandomWritesFitEightBytesPerChange) {
    BatchCodec codec;
    const Batch batch = randomBatch(1000, 4);
    const double plain = static_cast<double>(codec.encode(batch, false).size()) / 1000.0;
    const double gzip = static_cast<double>(codec.encode(batch, true).size()) / 1000.0;
    RecordProperty("bytes_per_change_plain", std::to_string(plain));
    RecordProperty("bytes_per_change_gzip", std::to_string(gzip));
    std::printf("bytes per change: plain %.2f, gzip %.2f\n", plain, gzip);
    EXPECT_LE(gzip, 8.0);
}

// peekHeader reads version, gzip flag and declared body size without decoding.
TEST(BatchCodec, PeekHeaderReadsFrame) {
    BatchCodec codec;
    const auto bytes = codec.encode(randomBatch(10, 5), true);
    const auto header = BatchCodec::peekHeader(bytes);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->version, 1);
    EXPECT_TRUE(header->gzip);
    EXPECT_GT(header->body_size, 0u);
    EXPECT_FALSE(BatchCodec::peekHeader(std::span(bytes).first(10)).has_value());
}

// One codec instance encodes and decodes many batches in a row (its zlib streams are reset).
TEST(BatchCodec, InstanceIsReusable) {
    BatchCodec codec;
    for (std::uint32_t i = 0; i < 50; ++i) {
        const Batch batch = randomBatch(20 + i, i);
        const DecodeResult result = codec.decode(codec.encode(batch, i % 2 == 0));
        ASSERT_TRUE(result.ok()) << result.error().format();
        EXPECT_EQ(result.batch().changes, sortedChanges(batch.changes));
    }
}

}  // namespace
}  // namespace mmo::codec
