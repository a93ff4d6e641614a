// The pieces behind the REST and metrics endpoints: loopback detection, response bodies, /proc parsing,
// the router's observer (in-process).
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <boost/json/serialize.hpp>

#include "common/http/Responses.hpp"
#include "common/http/Router.hpp"
#include "node/api/SyncRoutes.hpp"
#include "node/api/WorldRoutes.hpp"
#include "node/metrics/ProcessMetrics.hpp"

namespace mmo {
namespace {

namespace beasthttp = boost::beast::http;

http::RequestContext from(const char* address) {
    return {boost::asio::ip::make_address(address)};
}

// Loopback is 127.0.0.0/8, ::1 and v4-mapped loopback; nothing else.
TEST(RequestContextTest, Loopback) {
    EXPECT_TRUE(from("127.0.0.1").remoteIsLoopback());
    EXPECT_TRUE(from("127.9.8.7").remoteIsLoopback());
    EXPECT_TRUE(from("::1").remoteIsLoopback());
    EXPECT_TRUE(from("::ffff:127.0.0.1").remoteIsLoopback());
    EXPECT_FALSE(from("10.0.0.1").remoteIsLoopback());
    EXPECT_FALSE(from("::ffff:10.0.0.1").remoteIsLoopback());
    EXPECT_FALSE(from("fe80::1").remoteIsLoopback());
    EXPECT_FALSE(http::RequestContext{}.remoteIsLoopback());  // unspecified 0.0.0.0
}

// A never-set block is air, hlc 0, origin null.
TEST(WorldRoutesTest, NeverSetBlockBody) {
    const world::BlockTypeRegistry types;
    EXPECT_EQ(boost::json::serialize(api::blockBody(3, -4, {}, types)),
              R"({"x":3,"y":-4,"block_type":"air","hlc":0,"hlc_str":"0","origin_region":null})");
    EXPECT_EQ(boost::json::serialize(api::blockBody(1, 2, {1, 42, "us-east-1"}, types)),
              R"({"x":1,"y":2,"block_type":"stone","hlc":42,"hlc_str":"42","origin_region":"us-east-1"})");
}

// The sync status body has every documented field; last_flush is RFC 3339 UTC or null.
TEST(SyncRoutesTest, StatusBody) {
    sync::SyncStatus status;
    status.region = "eu-west-1";
    status.applied.sources["us-east-1"] = {7, 19};
    status.applied.stream_seq = 20;
    auto body = boost::json::serialize(api::syncStatusBody(status));
    EXPECT_NE(body.find(R"("last_flush":null)"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("sources":{"us-east-1":{"applied_batch_seq":7,"applied_batch_seq_str":"7",)"
                        R"("stream_seq":19,"stream_seq_str":"19"}})"),
              std::string::npos)
        << body;
    EXPECT_NE(body.find(R"("stream_seq":20,"stream_seq_str":"20")"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("missing_stream_seqs":null)"), std::string::npos) << body;
    status.lastFlush = std::chrono::system_clock::time_point{} + std::chrono::milliseconds(1714564800250);
    body = boost::json::serialize(api::syncStatusBody(status));
    EXPECT_NE(body.find(R"("last_flush":"2024-05-01T12:00:00.250Z")"), std::string::npos) << body;
}

// Issue 17 item 5: every 64-bit value of the sync status and the digest has its exact decimal string twin,
// also beyond 2^53 (where a JavaScript number rounds) and at 2^64 - 1.
TEST(SyncRoutesTest, SixtyFourBitValuesHaveDecimalStrings) {
    sync::SyncStatus status;
    status.region = "sa-east-1";
    status.applied.sources["us-east-1"] = {18446744073709551615u, 9007199254740993u};
    status.applied.stream_seq = 9007199254740993u;
    status.lastPublishedSeq = 9007199254740995u;
    status.missing = sync::MissingRange{9007199254740993u, 18446744073709551615u};
    const auto body = boost::json::serialize(api::syncStatusBody(status));
    EXPECT_NE(body.find(R"("last_published_batch_seq":9007199254740995,)"
                        R"("last_published_batch_seq_str":"9007199254740995")"),
              std::string::npos)
        << body;
    EXPECT_NE(body.find(R"("sources":{"us-east-1":{"applied_batch_seq":18446744073709551615,)"
                        R"("applied_batch_seq_str":"18446744073709551615","stream_seq":9007199254740993,)"
                        R"("stream_seq_str":"9007199254740993"}})"),
              std::string::npos)
        << body;
    EXPECT_NE(body.find(R"("missing_stream_seqs":{"from":9007199254740993,"from_str":"9007199254740993",)"
                        R"("to":18446744073709551615,"to_str":"18446744073709551615"})"),
              std::string::npos)
        << body;
}

// /proc/self/stat parsing: a command name with spaces and parentheses, CPU, start time, memory.
TEST(ProcessMetricsTest, ParsesProcStat) {
    const std::string stat =
        "42 (my (odd) cmd) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 1000 "
        "123456789 300 18446744073709551615";
    const auto stats = metrics::parseProcStat(stat, 100, 4096, 1700000000);
    ASSERT_TRUE(stats);
    EXPECT_DOUBLE_EQ(stats->cpuSeconds, 3.0);
    EXPECT_DOUBLE_EQ(stats->startTimeSeconds, 1700000010.0);
    EXPECT_DOUBLE_EQ(stats->virtualBytes, 123456789.0);
    EXPECT_DOUBLE_EQ(stats->residentBytes, 300.0 * 4096);
    EXPECT_FALSE(metrics::parseProcStat("garbage", 100, 4096, 0));
}

// The router tells its observer the route pattern, or "unmatched" for a 404, and the status.
TEST(RouterObserverTest, ReportsRoutePatternNotRawPath) {
    http::Router router(
        std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>()));
    router.add(beasthttp::verb::get, "/a", [](const http::Request&, const http::RequestContext&) {
        return http::textResponse(beasthttp::status::ok, "text/plain", "a");
    });
    std::vector<std::pair<std::string, unsigned>> seen;
    router.setObserver(
        [&](const std::string& route, unsigned status, auto) { seen.emplace_back(route, status); });
    for (const char* target : {"/a?x=1", "/secret/123", "/a"})
        router.dispatch(http::Request{beasthttp::verb::get, target, 11}, {}, [](http::Response) {});
    router.dispatch(http::Request{beasthttp::verb::post, "/a", 11}, {}, [](http::Response) {});
    const std::vector<std::pair<std::string, unsigned>> expected{
        {"/a", 200}, {"unmatched", 404}, {"/a", 200}, {"/a", 405}};
    EXPECT_EQ(seen, expected);
}

}  // namespace
}  // namespace mmo
