#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/HybridLogicalClock.hpp"
#include "common/codec/SyncWire.hpp"
#include "tests/common/codec/DocHexBlocks.hpp"

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

// The worked example of docs/sync-wire-format.md section 8. created_hlc is the newest change's hlc, as
// the node writes it (section 3.1).
Batch exampleBatch() {
    using Hlc = HybridLogicalClock;
    return Batch{"eu-west-1",
                 7,
                 Hlc::pack(1'700'000'000'105, 2),
                 {{100, 50, 1, Hlc::pack(1'700'000'000'100, 0), "eu-west-1"},
                  {-3, 50, 0, Hlc::pack(1'700'000'000'105, 2), "eu-west-1"}}};
}

// The example's two hex dumps, read from docs/sync-wire-format.md itself: plain, then gzip.
std::vector<std::string> documentedDumps() {
    return testdoc::codeBlocksOf(testdoc::readDoc("docs/sync-wire-format.md"), "## 8. Worked example");
}

// The documented plain bytes are exactly what the encoder writes (keeps the doc honest).
TEST(WireExample, MatchesDocumentedBytes) {
    BatchCodec codec;
    const auto bytes = codec.encode(exampleBatch(), false);
    std::printf("plain: %s\n", hexOf(bytes).c_str());
    std::printf("gzip:  %s\n", hexOf(codec.encode(exampleBatch(), true)).c_str());
    const auto dumps = documentedDumps();
    ASSERT_GE(dumps.size(), 2u) << "section 8 lost its plain or gzip dump";
    EXPECT_EQ(hexOf(bytes), dumps[0]);
}

// The documented gzip dump is a valid message of the same batch with the same frame header fields (its
// deflate bytes may differ between zlib versions, as the page says, so they are not compared).
TEST(WireExample, DocumentedGzipDumpDecodesToTheSameBatch) {
    BatchCodec codec;
    const auto dumps = documentedDumps();
    ASSERT_GE(dumps.size(), 2u);
    const auto gzip = testdoc::bytesOfHex(dumps[1]);
    const DecodeResult result = codec.decode(gzip);
    ASSERT_TRUE(result.ok()) << result.error().format();
    EXPECT_EQ(result.batch().created_hlc, exampleBatch().created_hlc);
    EXPECT_EQ(codec.encode(result.batch(), false), codec.encode(exampleBatch(), false));
    const auto ours = codec.encode(exampleBatch(), true);
    EXPECT_EQ(std::vector<std::uint8_t>(gzip.begin(), gzip.begin() + 14),
              std::vector<std::uint8_t>(ours.begin(), ours.begin() + 14));
}

// created_hlc is the newest change's hlc (section 3.1), whatever order the changes are given in.
TEST(WireExample, CreatedHlcIsTheNewestChange) {
    const Batch batch = exampleBatch();
    std::uint64_t newest = 0;
    for (const auto& change : batch.changes) newest = std::max(newest, change.hlc);
    EXPECT_EQ(batch.created_hlc, newest);
    EXPECT_EQ(batch.created_hlc, HybridLogicalClock::pack(1'700'000'000'105, 2));
}

// The Nats-Msg-Id text of docs/sync.md: region, '-', the epoch as exactly 16 lower-case hex digits (zero
// padded), '-', the batch sequence in decimal without padding.
TEST(WireExample, MessageIdTextIsExact) {
    EXPECT_EQ(wire::batchMessageId("eu-west-1", 0x00c0ffee12345abcULL, 7), "eu-west-1-00c0ffee12345abc-7");
    EXPECT_EQ(wire::batchMessageId("us-east-1", 0xABCDEF0123456789ULL, 1234567),
              "us-east-1-abcdef0123456789-1234567");
    EXPECT_EQ(wire::batchMessageId("ap-south-1", 1, 18446744073709551615ULL),
              "ap-south-1-0000000000000001-18446744073709551615");
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
