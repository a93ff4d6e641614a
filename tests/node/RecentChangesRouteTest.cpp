// GET /api/sync/recent on real nodes: a block written in eu is listed by us once applied there, with its
// origin and a convergence latency; eu lists its own write; limit is checked.
#include "tests/node/RestApiFixture.hpp"

namespace mmo::test {
namespace {

TEST_F(RestApiTest, RecentChangesListAppliedChangesWithOriginAndLatency) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    const auto empty = json(httpGet(us.ports().rest, "/api/sync/recent"));
    ASSERT_TRUE(empty.is_object());
    EXPECT_EQ(empty.at("region").as_string(), "us-east-1");
    EXPECT_TRUE(empty.at("changes").as_array().empty());

    const auto token = login(eu);
    const auto sent =
        sendEvent(eu, token, R"({"event_type":"BlockEvent","data":{"x":7,"y":-3,"block_type":"brick"}})");
    ASSERT_EQ(sent.status, 202) << sent.raw;
    const std::string hlc(json(sent).at("hlc_str").as_string());

    boost::json::value listed;
    ASSERT_TRUE(waitUntil(
        [&] {
            listed = json(httpGet(us.ports().rest, "/api/sync/recent?limit=5"));
            return listed.is_object() && !listed.at("changes").as_array().empty();
        },
        30s));
    const auto& change = listed.at("changes").as_array().front().as_object();
    EXPECT_EQ(change.at("x").as_int64(), 7);
    EXPECT_EQ(change.at("y").as_int64(), -3);
    EXPECT_EQ(change.at("block_type").as_string(), "brick");
    EXPECT_EQ(change.at("hlc_str").as_string(), hlc);
    EXPECT_EQ(change.at("origin_region").as_string(), "eu-west-1");
    EXPECT_GE(change.at("latency_ms").as_int64(), 0);
    EXPECT_LT(change.at("latency_ms").as_int64(), 30000);
    EXPECT_FALSE(change.at("applied_at").as_string().empty());

    const auto own = json(httpGet(eu.ports().rest, "/api/sync/recent?limit=1"));
    ASSERT_EQ(own.at("changes").as_array().size(), 1u);
    EXPECT_EQ(own.at("changes").as_array().front().at("origin_region").as_string(), "eu-west-1");

    for (const auto* bad :
         {"/api/sync/recent?limit=0", "/api/sync/recent?limit=257", "/api/sync/recent?limit=x"}) {
        const auto refused = httpGet(us.ports().rest, bad);
        EXPECT_EQ(refused.status, 400) << bad;
        EXPECT_EQ(errorCode(refused), "invalid_parameter") << bad << refused.body;
    }
}

}  // namespace
}  // namespace mmo::test
