#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "cli/verify/ChunkDiff.hpp"
#include "cli/verify/DeepComparison.hpp"

namespace mmo::cli {
namespace {

TEST(ChunkDiff, ListsChunksWhoseDigestsDifferOrAreMissing) {
    const std::vector<RegionChunks> regions{
        {"eu-west-1", {{{0, 0}, "aa"}, {{1, 0}, "bb"}, {{2, 0}, "cc"}}},
        {"us-east-1", {{{0, 0}, "aa"}, {{1, 0}, "b0"}, {{2, 0}, "cc"}}},
        {"ap-south-1", {{{0, 0}, "aa"}, {{1, 0}, "bb"}}},
    };
    const auto differences = diffChunks(regions);
    ASSERT_EQ(differences.size(), 2u);
    EXPECT_EQ(differences[0].chunk, (ChunkKey{1, 0}));
    EXPECT_EQ(differences[0].digests.at("us-east-1"), "b0");
    EXPECT_EQ(differences[1].chunk, (ChunkKey{2, 0}));
    EXPECT_EQ(differences[1].digests.at("ap-south-1"), "");
}

// A chunk of tombstones only (digest 0) is the same as no chunk: nothing visible differs.
TEST(ChunkDiff, AChunkOfTombstonesEqualsNoChunk) {
    const std::vector<RegionChunks> regions{{"eu-west-1", {{{5, 5}, "0000000000000000"}}}, {"us-east-1", {}}};
    EXPECT_TRUE(diffChunks(regions).empty());
}

TEST(ChunkDiff, ListsCellsThatDifferInTypeHlcOriginOrPresence) {
    using codec::BlockChange;
    const std::map<std::string, std::vector<BlockChange>> cells{
        {"eu-west-1", {{1, 1, 1, 10, "eu-west-1"}, {2, 1, 3, 20, "us-east-1"}, {3, 1, 1, 5, "eu-west-1"}}},
        {"us-east-1", {{1, 1, 1, 10, "eu-west-1"}, {2, 1, 3, 21, "us-east-1"}}},
    };
    const auto differences = diffCells(cells);
    ASSERT_EQ(differences.size(), 2u);
    EXPECT_EQ(differences[0].x, 2);
    EXPECT_EQ(differences[0].byRegion.at("us-east-1").hlc, 21u);
    EXPECT_EQ(differences[1].x, 3);
    EXPECT_EQ(differences[1].byRegion.count("us-east-1"), 0u);
}

// verify-sync --deep --json gives each cell's hlc as a number and as the exact decimal string hlc_str,
// which JavaScript reads without rounding (issue 17 item 5).
TEST(DeepReport, JsonGivesEachHlcAsADecimalStringToo) {
    DeepReport report{{"eu-west-1", "us-east-1"}, 3, {}};
    ChunkDifference chunk{{0, 0}, {{"eu-west-1", "00000000000000aa"}, {"us-east-1", ""}}, {}};
    chunk.cells.push_back(
        {5, 6, {{"eu-west-1", codec::BlockChange{5, 6, 1, 117725863314128995u, "us-east-1"}}}});
    report.chunks.push_back(chunk);
    EXPECT_EQ(
        boost::json::serialize(deepReportJson(report)),
        R"({"regions":["eu-west-1","us-east-1"],"chunks_compared":3,"differing_chunks":[{"cx":0,"cy":0,)"
        R"("digests":{"eu-west-1":"00000000000000aa","us-east-1":null},"cells":[{"x":5,"y":6,"regions":)"
        R"({"eu-west-1":{"block_type":"stone","hlc":117725863314128995,"hlc_str":"117725863314128995",)"
        R"("origin_region":"us-east-1"},"us-east-1":null}}]}]})");
}

}  // namespace
}  // namespace mmo::cli
