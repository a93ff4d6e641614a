// Issue 20 item 2: every region reports a broker outage the same way. Three regions on a 3-server
// JetStream cluster, each node on its own server first, the stream R1 on one server. With the stream's
// server killed, the nodes whose own server is still up and the node that lost its server all answer
// /readyz 503 with the same reason while they hold changes they cannot publish, caught_up false and
// publish_stalled true; /readyz/players stays 200. After a restart of the server they publish and are
// ready again. Real nats-server and mmo-node processes, changes sent through the REST API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsClusterProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kIds[3] = {"eu-west-1", "us-east-1", "ap-south-1"};
constexpr const char* kStalled = "cannot publish: ";

boost::json::value jsonOf(const HttpResult& result) {
    boost::system::error_code ec;
    auto value = boost::json::parse(result.body, ec);
    return ec ? boost::json::value(nullptr) : value;
}

// The index of the server that holds the stream GLOBAL_EVENTS (R1: exactly one lists it in /jsz), or -1.
int streamServer(NatsClusterProcess& cluster) {
    for (int i = 0; i < cluster.size(); ++i) {
        const auto jsz = httpGet(static_cast<std::uint16_t>(cluster.server(i).monitorPort()),
                                 "/jsz?accounts=true&streams=true");
        std::string compact;  // nats-server indents its JSON
        for (char c : jsz.body)
            if (c != ' ' && c != '\n') compact += c;
        if (jsz.status == 200 && compact.find("\"name\":\"GLOBAL_EVENTS\"") != std::string::npos) return i;
    }
    return -1;
}

// One change at (x, y) sent to a region; true on 202 (durable in its outbox).
bool sendChange(const RegionNode& region, const std::string& token, int x, int y) {
    const auto body = R"({"event_type":"BlockEvent","data":{"x":)" + std::to_string(x) + R"(,"y":)" +
                      std::to_string(y) + R"(,"block_type":"stone"}})";
    return httpPost(region.rest(), "/api/admin/events/send", body, {{"Authorization", "Bearer " + token}})
               .status == 202;
}

struct RegionView {
    int readyStatus = 0;
    std::string reason;
    int playersStatus = 0;
    bool caughtUp = true;
    bool stalled = false;
    std::int64_t unpublished = 0;
};

RegionView viewOf(const RegionNode& region) {
    RegionView view;
    const auto ready = httpGet(region.rest(), "/readyz");
    view.readyStatus = ready.status;
    if (auto body = jsonOf(ready); body.is_object())
        if (const auto* reason = body.get_object().if_contains("reason"); reason && reason->is_string())
            view.reason = std::string(reason->get_string());
    view.playersStatus = httpGet(region.rest(), "/readyz/players").status;
    if (auto sync = jsonOf(httpGet(region.rest(), "/api/sync/status")); sync.is_object()) {
        const auto& o = sync.get_object();
        view.caughtUp = o.at("caught_up").as_bool();
        view.stalled = o.at("publish_stalled").as_bool();
        view.unpublished = o.at("unpublished_changes").to_number<std::int64_t>();
    }
    return view;
}

TEST(BrokerOutageReadiness, EveryRegionSaysTheSameWhileTheStreamsServerIsDown) {
    TempDir dir{"broker-outage-readiness"};
    NatsClusterProcess cluster(dir.path() / "nats", 3);
    std::vector<std::unique_ptr<RegionNode>> regions;
    for (int i = 0; i < 3; ++i)
        regions.push_back(std::make_unique<RegionNode>(
            kIds[i], dir.path(), cluster.urlListFrom(i),
            std::map<std::string, std::string>{{"GAME_EVENTBUS_REPLICAS", "1"}}));
    std::vector<std::string> tokens;
    for (auto& region : regions) {
        ASSERT_TRUE(waitUntil([&] { return httpGet(region->rest(), "/readyz").status == 200; }, 30s))
            << region->log();
        EXPECT_EQ(httpGet(region->rest(), "/readyz/players").body, "{\"serving\":true}\n");
        tokens.push_back(adminToken(region->rest()));
        ASSERT_FALSE(tokens.back().empty());
    }
    int stream = -1;
    ASSERT_TRUE(waitUntil([&] { return (stream = streamServer(cluster)) >= 0; }, 10s)) << cluster.logs();

    cluster.kill(stream);
    // Every region writes while the stream is gone: the changes are durable (202) and wait in the outbox.
    for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 5; ++k)
            ASSERT_TRUE(waitUntil([&] { return sendChange(*regions[i], tokens[i], 10 * i + k, 7); }, 20s))
                << regions[i]->log();
    std::vector<RegionView> views(3);
    const bool same = waitUntil(
        [&] {
            for (int i = 0; i < 3; ++i) views[i] = viewOf(*regions[i]);
            for (const auto& v : views)
                if (v.readyStatus != 503 || v.reason.rfind(kStalled, 0) != 0) return false;
            return true;
        },
        40s);
    for (int i = 0; i < 3; ++i) {
        SCOPED_TRACE(std::string(kIds[i]) + (i == stream ? " (its own server held the stream)" : ""));
        EXPECT_TRUE(same) << "readyz " << views[i].readyStatus << " " << views[i].reason << "\n"
                          << regions[i]->log();
        EXPECT_THAT(views[i].reason, StartsWith(kStalled));
        EXPECT_THAT(views[i].reason, HasSubstr("changes wait in the outbox"));
        EXPECT_FALSE(views[i].caughtUp);
        EXPECT_TRUE(views[i].stalled);
        EXPECT_GT(views[i].unpublished, 0);
        EXPECT_EQ(views[i].playersStatus, 200) << "players are still served during a broker outage";
    }

    cluster.restart(stream);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(waitUntil(
            [&] {
                const auto v = viewOf(*regions[i]);
                return v.readyStatus == 200 && v.caughtUp && !v.stalled && v.unpublished == 0;
            },
            60s))
            << kIds[i] << "\n"
            << regions[i]->log();
    }
}

}  // namespace
}  // namespace mmo::test
