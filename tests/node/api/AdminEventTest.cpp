// Validation of admin events, JSON fields and query parameters (in-process).
#include <gtest/gtest.h>

#include "node/api/AdminEvent.hpp"
#include "node/api/ApiError.hpp"
#include "node/api/QueryParams.hpp"

namespace mmo::api {
namespace {

const world::BlockTypeRegistry kTypes;

// The ApiError code and message of parsing `body` ("" when it parses).
std::pair<std::string, std::string> failure(const std::string& body) {
    try {
        parseAdminEvent(body, kTypes);
    } catch (const ApiError& error) {
        EXPECT_EQ(error.status(), boost::beast::http::status::bad_request);
        return {error.code(), error.what()};
    }
    return {};
}

// The guide's BlockEvent becomes one write with the stone id.
TEST(AdminEventTest, GuideBlockEvent) {
    const auto event = parseAdminEvent(
        R"({"event_type":"BlockEvent","data":{"x":100,"y":50,"block_type":"stone"}})", kTypes);
    ASSERT_EQ(event.writes.size(), 1u);
    EXPECT_EQ(event.writes[0].x, 100);
    EXPECT_EQ(event.writes[0].y, 50);
    EXPECT_EQ(event.writes[0].type, *kTypes.idOf("stone"));
}

// A FillEvent covers its rectangle, corners inclusive and in any order; air removes.
TEST(AdminEventTest, FillEventCoversRectangle) {
    const auto event = parseAdminEvent(
        R"({"event_type":"FillEvent","data":{"x1":2,"y1":1,"x2":0,"y2":0,"block_type":"air"}})", kTypes);
    EXPECT_EQ(event.writes.size(), 6u);
    EXPECT_EQ(event.writes.front().type, world::BlockTypeRegistry::kAir);
}

// The fill limit is exact: 10,000 cells pass, 10,001 do not, and the message says the limit and the area.
TEST(AdminEventTest, FillLimit) {
    EXPECT_EQ(parseAdminEvent(
                  R"({"event_type":"FillEvent","data":{"x1":0,"y1":0,"x2":99,"y2":99,"block_type":"sand"}})",
                  kTypes)
                  .writes.size(),
              10000u);
    const auto [code, message] = failure(
        R"({"event_type":"FillEvent","data":{"x1":-2147483648,"y1":0,"x2":2147483647,"y2":0,"block_type":"sand"}})");
    EXPECT_EQ(code, "area_too_large");
    EXPECT_NE(message.find("at most 10000 cells; asked 4294967296 x 1"), std::string::npos) << message;
}

// Each bad field is named with what is valid.
TEST(AdminEventTest, FieldErrorsNameTheField) {
    EXPECT_EQ(failure("[1]").first, "bad_json");
    EXPECT_EQ(
        failure(R"({"data":{}})"),
        std::make_pair(std::string("missing_field"), std::string("event_type: required field is missing")));
    EXPECT_EQ(failure(R"({"event_type":"BlockEvent"})").first, "missing_field");
    EXPECT_EQ(failure(R"({"event_type":"BlockEvent","data":[]})").second,
              "data: expected an object, got an array");
    EXPECT_EQ(failure(R"({"event_type":"BlockEvent","data":{"x":"1","y":0,"block_type":"stone"}})").second,
              "data.x: expected an integer from -2147483648 to 2147483647, got a string");
    EXPECT_EQ(failure(R"({"event_type":"BlockEvent","data":{"x":1.5,"y":0,"block_type":"stone"}})").first,
              "invalid_field");
    EXPECT_EQ(
        failure(R"({"event_type":"BlockEvent","data":{"x":1,"y":-2147483649,"block_type":"stone"}})").first,
        "invalid_field");
    const auto [code, message] =
        failure(R"({"event_type":"BlockEvent","data":{"x":1,"y":0,"block_type":"stne"}})");
    EXPECT_EQ(code, "unknown_block_type");
    EXPECT_EQ(message.rfind(R"(data.block_type: unknown block type "stne"; valid: air, stone, dirt)", 0), 0u)
        << message;
    EXPECT_EQ(failure(R"({"event_type":"Nope","data":{}})").second,
              R"(event_type: unknown event type "Nope"; valid: BlockEvent, FillEvent, ChatEvent)");
}

// Chat text must be 1..500 bytes.
TEST(AdminEventTest, ChatTextBounds) {
    EXPECT_EQ(parseAdminEvent(R"({"event_type":"ChatEvent","data":{"text":"hi"}})", kTypes).chatText, "hi");
    EXPECT_EQ(failure(R"({"event_type":"ChatEvent","data":{"text":""}})").second,
              "data.text: must not be empty");
    EXPECT_EQ(
        failure(R"({"event_type":"ChatEvent","data":{"text":")" + std::string(501, 'a') + "\"}}").second,
        "data.text: at most 500 bytes, got 501");
}

// Query parameters: decoded, required, int32 only.
TEST(QueryParamsTest, Int32Parameters) {
    const QueryParams query(http::Request{boost::beast::http::verb::get, "/a?x=-5&y=%31&z=1e3", 11});
    EXPECT_EQ(query.requireInt32("x"), -5);
    EXPECT_EQ(query.requireInt32("y"), 1);
    EXPECT_THROW(query.requireInt32("z"), ApiError);
    EXPECT_THROW(query.requireInt32("w"), ApiError);
}

}  // namespace
}  // namespace mmo::api
