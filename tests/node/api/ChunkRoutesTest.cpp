// The bodies of the anti-entropy admin routes (in-process): POST /api/admin/world/merge and
// POST /api/admin/world/complete.
#include <gtest/gtest.h>

#include "node/api/ApiError.hpp"
#include "node/api/ChunkRoutes.hpp"

namespace mmo::api {
namespace {

// The ApiError code and message of `parse` ("" when it parses).
template <typename Parse>
std::pair<std::string, std::string> failure(Parse parse) {
    try {
        parse();
    } catch (const ApiError& error) {
        EXPECT_EQ(error.status(), boost::beast::http::status::bad_request);
        return {error.code(), error.what()};
    }
    return {};
}

TEST(ChunkRoutes, MergeCellsParse) {
    const auto cells = parseMergeCells(
        R"({"cells":[{"x":-3,"y":7,"type":1,"hlc":117725863314128994,"origin_region":"eu-west-1"},
                     {"x":0,"y":0,"type":0,"hlc":5,"origin_region":"us-east-1"}]})",
        10);
    ASSERT_EQ(cells.size(), 2u);
    EXPECT_EQ(cells[0], (codec::BlockChange{-3, 7, 1, 117725863314128994u, "eu-west-1"}));
    EXPECT_EQ(cells[1].type, 0) << "a tombstone merges too";
}

TEST(ChunkRoutes, MergeCellsRefuseWhatWouldCorruptTheWorld) {
    const auto cell = [](const std::string& fields) { return R"({"cells":[{)" + fields + "}]}"; };
    const std::string good = R"("x":1,"y":2,"type":1,"hlc":9,"origin_region":"eu-west-1")";
    EXPECT_EQ(failure([&] { parseMergeCells(cell(good), 10); }).first, "");
    EXPECT_EQ(failure([&] { parseMergeCells(R"({"cells":{}})", 10); }).first, "invalid_field");
    EXPECT_EQ(failure([&] { parseMergeCells(R"({})", 10); }).first, "missing_field");
    EXPECT_EQ(failure([&] {
                  parseMergeCells(cell(R"("x":1,"y":2,"type":70000,"hlc":9,"origin_region":"eu-west-1")"),
                                  10);
              }).second,
              "cells[0].type: expected an integer from 0 to 65535");
    EXPECT_EQ(failure([&] {
                  parseMergeCells(cell(R"("x":1,"y":2,"type":1,"hlc":0,"origin_region":"eu-west-1")"), 10);
              }).first,
              "invalid_field");
    EXPECT_EQ(failure([&] {
                  parseMergeCells(cell(R"("x":1,"y":2,"type":1,"hlc":9,"origin_region":"EU west")"), 10);
              }).second,
              "cells[0].origin_region: expected a region id matching [a-z0-9][a-z0-9-]{0,31}");
    EXPECT_EQ(failure([&] {
                  parseMergeCells(
                      cell(R"("x":4294967296,"y":2,"type":1,"hlc":9,"origin_region":"eu-west-1")"), 10);
              }).first,
              "invalid_field");
    EXPECT_EQ(failure([&] {
                  parseMergeCells(R"({"cells":[)" + std::string("{") + good + "},{" + good + "}]}", 1);
              }).first,
              "too_many_cells");
}

TEST(ChunkRoutes, CompleteSourcesParse) {
    EXPECT_TRUE(parseCompleteSources("").sources.empty());
    EXPECT_TRUE(parseCompleteSources("{}").sources.empty());
    const auto covered = parseCompleteSources(R"({"sources":{"eu-west-1":{"batch_seq":6,"stream_seq":40}}})");
    ASSERT_EQ(covered.sources.size(), 1u);
    EXPECT_EQ(covered.sources.at("eu-west-1"), (world::SourcePosition{6, 40}));
    EXPECT_EQ(failure([] {
                  parseCompleteSources(R"({"sources":{"Bad Id":{"batch_seq":1,"stream_seq":1}}})");
              }).first,
              "invalid_field");
    EXPECT_EQ(failure([] {
                  parseCompleteSources(R"({"sources":{"eu-west-1":{"batch_seq":-1,"stream_seq":1}}})");
              }).first,
              "invalid_field");
}

// Issue 17 item 5: a JavaScript client sends the 64-bit values as the decimal strings it read ("hlc_str");
// anything else than a plain decimal of 0 to 2^64 - 1 is refused with the field's path.
TEST(ChunkRoutes, SixtyFourBitFieldsAcceptDecimalStrings) {
    const auto merged = parseMergeCells(
        R"({"cells":[{"x":1,"y":2,"type":1,"hlc":"117725863314128995","origin_region":"eu-west-1"},
                     {"x":1,"y":3,"type":1,"hlc":"18446744073709551615","origin_region":"eu-west-1"}]})",
        10);
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0].hlc, 117725863314128995u);
    EXPECT_EQ(merged[1].hlc, 18446744073709551615u);
    const auto covered = parseCompleteSources(
        R"({"sources":{"eu-west-1":{"batch_seq":"9007199254740993","stream_seq":"18446744073709551615"}}})");
    EXPECT_EQ(covered.sources.at("eu-west-1"),
              (world::SourcePosition{9007199254740993u, 18446744073709551615u}));
    const auto hlc = [](const std::string& value) {
        return failure([&] {
            parseMergeCells(
                R"({"cells":[{"x":1,"y":2,"type":1,"hlc":)" + value + R"(,"origin_region":"eu-west-1"}]})",
                10);
        });
    };
    const std::string expected =
        "cells[0].hlc: expected an integer from 0 to 18446744073709551615 (a JSON number or a string of "
        "decimal digits), got ";
    EXPECT_EQ(hlc(R"("18446744073709551616")").second, expected + R"("18446744073709551616")");
    EXPECT_EQ(hlc(R"("-1")").second, expected + R"("-1")");
    EXPECT_EQ(hlc(R"("+1")").first, "invalid_field");
    EXPECT_EQ(hlc(R"(" 1")").first, "invalid_field");
    EXPECT_EQ(hlc(R"("1e3")").first, "invalid_field");
    EXPECT_EQ(hlc(R"("0x10")").first, "invalid_field");
    EXPECT_EQ(hlc(R"("")").first, "invalid_field");
    EXPECT_EQ(hlc("1.5").second, expected + "1.5E0");
    EXPECT_EQ(hlc("true").second, expected + "a boolean");
    EXPECT_EQ(hlc(R"("0")").second, "cells[0].hlc: a set cell has an hlc above 0");
}

}  // namespace
}  // namespace mmo::api
