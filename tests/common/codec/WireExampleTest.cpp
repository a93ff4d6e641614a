#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"

namespace mmo::codec {
namespace {

std::string hexOf(const std::vector<std::uint8_t>& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    for (std::uint8_t b : bytes) {
        if (!text.empty()) text += ' ';
        text += kDigits[b >> 4];
        text += kDigits[b & 0xf];
    }
    return text;
}

// The worked example of docs/sync-wire-format.md section 8.
Batch exampleBatch() {
    using Hlc = HybridLogicalClock;
    return Batch{"eu-west-1",
                 7,
                 Hlc::pack(1'700'000'000'123, 0),
                 {{100, 50, 1, Hlc::pack(1'700'000'000'100, 0), "eu-west-1"},
                  {-3, 50, 0, Hlc::pack(1'700'000'000'105, 2), "eu-west-1"}}};
}

// The documented example bytes are exactly what the encoder writes (keeps the doc honest).
TEST(WireExample, MatchesDocumentedBytes) {
    BatchCodec codec;
    const auto bytes = codec.encode(exampleBatch(), false);
    std::printf("plain: %s\n", hexOf(bytes).c_str());
    std::printf("gzip:  %s\n", hexOf(codec.encode(exampleBatch(), true)).c_str());
    EXPECT_EQ(
        hexOf(bytes),
        "4d 4d 4f 42 01 00 26 00 00 00 7c 92 86 1b 09 65 75 2d 77 65 73 74 2d 31 07 80 80 ec c3 d6 fc f3 c5 "
        "01 e4 d0 95 ff bc 31 02 64 05 00 05 02 00 ce 01 01 00 00");
}

// The documented example decodes back to its two changes, removal first (x=-3 sorts before x=100).
TEST(WireExample, DecodesToTwoChanges) {
    BatchCodec codec;
    const DecodeResult result = codec.decode(codec.encode(exampleBatch(), false));
    ASSERT_TRUE(result.ok());
    ASSERT_EQ(result.batch().changes.size(), 2u);
    EXPECT_EQ(result.batch().changes[0].x, -3);
    EXPECT_EQ(result.batch().changes[0].type, 0);
    EXPECT_EQ(result.batch().changes[1].x, 100);
}

}  // namespace
}  // namespace mmo::codec
