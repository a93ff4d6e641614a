// Issue 17 item 5 against real mmo-node processes: every HLC and batch or stream sequence in a REST answer
// has, beside the JSON number, the same value as a decimal string ("hlc" and "hlc_str"), which JavaScript's
// JSON.parse reads exactly (docs/rest-api.md#64-bit-numbers). HLCs are above 2^53, where a double rounds.
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/node/RestApiFixture.hpp"
#include "tests/support/ChildProcess.hpp"

namespace mmo::test {
namespace {

constexpr std::uint64_t kTwoTo53 = std::uint64_t{1} << 53;

// The fields rest-api.md lists as 64-bit: each must have its "_str" twin wherever it appears.
const std::set<std::string> kSixtyFourBit = {
    "hlc", "batch_seq", "stream_seq", "applied_batch_seq", "last_published_batch_seq", "from", "to"};

std::uint64_t exact(const boost::json::value& number) {
    return number.to_number<std::uint64_t>();
}

// Walks `value` and checks every 64-bit field against its twin: the twin is a string holding the exact
// decimal value. `applied` (region -> batch sequence) has the twin map `applied_str`. Returns how many
// fields were checked.
int checkTwins(const boost::json::value& value, const std::string& path) {
    int checked = 0;
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.get_array().size(); ++i)
            checked += checkTwins(value.get_array()[i], path + "[" + std::to_string(i) + "]");
        return checked;
    }
    if (!value.is_object()) return 0;
    const auto& object = value.get_object();
    for (const auto& [key, member] : object) {
        const std::string name(key);
        const std::string where = path + "." + name;
        if (kSixtyFourBit.count(name) != 0 && member.is_number()) {
            const auto* twin = object.if_contains(name + "_str");
            EXPECT_TRUE(twin != nullptr && twin->is_string()) << where << " has no string twin";
            if (twin != nullptr && twin->is_string())
                EXPECT_EQ(std::string(twin->get_string()), std::to_string(exact(member))) << where;
            ++checked;
        } else if (name == "applied" && member.is_object()) {
            const auto* twin = object.if_contains("applied_str");
            EXPECT_TRUE(twin != nullptr && twin->is_object()) << where << " has no applied_str";
            if (twin == nullptr || !twin->is_object()) continue;
            EXPECT_EQ(twin->get_object().size(), member.get_object().size()) << where;
            for (const auto& [region, seq] : member.get_object()) {
                const auto* text = twin->get_object().if_contains(region);
                EXPECT_TRUE(text != nullptr && text->is_string() &&
                            std::string(text->get_string()) == std::to_string(exact(seq)))
                    << where << "." << std::string(region);
                ++checked;
            }
        } else {
            checked += checkTwins(member, where);
        }
    }
    return checked;
}

TEST_F(RestApiTest, EverySixtyFourBitValueHasAnExactDecimalString) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    const auto token = login(eu);
    // 100 writes stamped in one go: most share a millisecond, so their HLCs have a non-zero logical part.
    const auto sent = sendEvent(
        eu, token, R"({"event_type":"FillEvent","data":{"x1":0,"y1":0,"x2":9,"y2":9,"block_type":"dirt"}})",
        "?wait=published");
    ASSERT_EQ(sent.status, 202) << sent.raw;
    const auto event = json(sent);
    EXPECT_EQ(checkTwins(event, "events/send"), 2) << sent.body;  // hlc, batch_seq
    const auto lastHlc = exact(event.at("hlc"));
    EXPECT_GT(lastHlc, kTwoTo53);
    EXPECT_EQ(event.at("event_id").as_string(), "eu-west-1-" + std::string(event.at("hlc_str").as_string()));

    // The other region: the block, the chunk with all 100 cells, the digest and the sync status.
    boost::json::value block;
    ASSERT_TRUE(waitUntil(
        [&] {
            block = json(httpGet(us.ports().rest, "/api/world/block?x=9&y=9"));
            return block.is_object() && block.at("block_type").as_string() == "dirt";
        },
        20s))
        << us.log();
    EXPECT_EQ(checkTwins(block, "block"), 1);
    EXPECT_EQ(block.at("hlc_str").as_string(), std::to_string(lastHlc));

    const auto chunkAnswer = httpGet(us.ports().rest, "/api/world/chunk?cx=0&cy=0");
    const auto chunk = json(chunkAnswer);
    ASSERT_EQ(chunk.at("cells").as_array().size(), 100u) << chunkAnswer.body;
    EXPECT_EQ(checkTwins(chunk, "chunk"), 100);
    int withLogical = 0;
    for (const auto& cell : chunk.at("cells").as_array()) {
        EXPECT_GT(exact(cell.at("hlc")), kTwoTo53);
        if ((exact(cell.at("hlc")) & 0xFFFF) != 0) ++withLogical;
    }
    EXPECT_GT(withLogical, 0) << "the test needs HLCs that a double cannot hold";

    const auto digest = json(httpGet(us.ports().rest, "/api/world/digest"));
    EXPECT_GE(checkTwins(digest, "digest"), 1) << boost::json::serialize(digest);
    EXPECT_EQ(digest.at("applied_str").at("eu-west-1").as_string(),
              std::string(event.at("batch_seq_str").as_string()));

    const auto status = json(httpGet(us.ports().rest, "/api/sync/status"));
    // stream_seq, last_published_batch_seq and, per source, applied_batch_seq and stream_seq.
    EXPECT_GE(checkTwins(status, "sync/status"), 4) << boost::json::serialize(status);
    EXPECT_EQ(status.at("sources").at("eu-west-1").at("applied_batch_seq_str").as_string(),
              std::string(event.at("batch_seq_str").as_string()));

    const auto chat = sendEvent(eu, token, R"({"event_type":"ChatEvent","data":{"text":"hi"}})");
    ASSERT_EQ(chat.status, 202) << chat.raw;
    EXPECT_EQ(checkTwins(json(chat), "chat"), 1);
    EXPECT_EQ(json(chat).at("hlc_str").as_string(), "0");

    // A merge request may give the HLC as the decimal string it was read as: the cell is already there.
    const auto& cell = chunk.at("cells").as_array().at(0).as_object();
    const auto merge = httpPost(
        us.ports().rest, "/api/admin/world/merge",
        R"({"cells":[{"x":)" + boost::json::serialize(cell.at("x")) + R"(,"y":)" +
            boost::json::serialize(cell.at("y")) + R"(,"type":)" + boost::json::serialize(cell.at("type")) +
            R"(,"hlc":)" + boost::json::serialize(cell.at("hlc_str")) + R"(,"origin_region":"eu-west-1"}]})",
        {{"Authorization", "Bearer " + login(us)}});
    ASSERT_EQ(merge.status, 200) << merge.raw;
    EXPECT_EQ(json(merge).at("duplicate").to_number<int>(), 1) << merge.body;
    EXPECT_EQ(json(merge).at("applied").to_number<int>(), 0) << merge.body;

    // What a JavaScript client sees, when Node.js is installed: JSON.parse rounds the numbers, the strings
    // are exact.
    if (!std::filesystem::exists("/usr/bin/node")) GTEST_SKIP() << "node (Node.js) missing: JS check skipped";
    const auto file = dir_.path() / "chunk.json";
    std::ofstream(file) << chunkAnswer.body;
    ChildProcess js(
        "/usr/bin/node",
        {"-e",
         "const c = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
         "for (const cell of c.cells) console.log(cell.hlc_str + ' ' + String(BigInt(cell.hlc)));",
         file.string()},
        ChildEnvironment::inherited(), dir_.path(), "node-js");
    ASSERT_EQ(js.waitExit(30s), 0) << js.stderrText();
    std::istringstream lines(js.stdoutText());
    int rounded = 0;
    for (const auto& expected : chunk.at("cells").as_array()) {
        std::string text;
        std::string fromNumber;
        ASSERT_TRUE(lines >> text >> fromNumber) << js.stdoutText();
        EXPECT_EQ(text, std::to_string(exact(expected.at("hlc"))));
        if (fromNumber != text) ++rounded;
    }
    EXPECT_GT(rounded, 0) << "JSON.parse read every number exactly: the string fields would not be needed";
}

}  // namespace
}  // namespace mmo::test
