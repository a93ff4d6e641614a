// Issue 16 item 17 (the snapshot part), against a real mmo-node: the largest SUBSCRIBE over a full area
// (about 1.5 MB of snapshot) gets at most the session's snapshot budget and the documented
// snapshot_clipped error; a normal SUBSCRIBE is answered whole; the node stays healthy.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using namespace mmo::game;
using gameclient::BlockingGameClient;

// The documented defaults (game.snapshot_burst_bytes, game.snapshot_bytes_per_second).
constexpr std::size_t kBurstBytes = 256 * 1024;
constexpr std::size_t kBytesPerSecond = 128 * 1024;
constexpr int kSide = 256;  // game.max_area_side
// A clipped snapshot may end with an empty final BLOCK_CHUNK on top of the budget (docs/protocol.md).
constexpr std::size_t kEmptyFinalChunk = 7;

gameclient::ClientOptions target(const NodeProcess& node) {
    gameclient::ClientOptions o;
    o.tcpPort = node.ports().tcp;
    return o;
}

struct Snapshot {
    std::size_t cells = 0;
    std::size_t bytes = 0;  // the BLOCK_CHUNK frames, as encoded on the wire
    std::optional<ErrorFrame> error;
    bool complete = false;  // the final chunk arrived
};

Snapshot subscribe(BlockingGameClient& client, Subscribe area) {
    client.client().send(area);
    Snapshot snapshot;
    while (!snapshot.complete) {
        auto event = client.waitForEvent(
            [](const gameclient::ServerEvent& e) {
                return std::holds_alternative<BlockChunk>(e) || std::holds_alternative<ErrorFrame>(e);
            },
            10s);
        if (!event) break;
        if (const auto* error = std::get_if<ErrorFrame>(&*event)) {
            snapshot.error = *error;
            continue;
        }
        const auto& chunk = std::get<BlockChunk>(*event);
        snapshot.cells += chunk.cells.size();
        snapshot.bytes += encodeFrame(ServerMessage{chunk}).size();
        snapshot.complete = chunk.last;
    }
    return snapshot;
}

TEST(SnapshotBudgetNode, LargestSubscribeIsClippedNormalOneIsWhole) {
    TempDir dir("snapshot-budget");
    NatsServerProcess nats(dir.path() / "nats", dir.path());
    const auto node = startRegionNode(dir.path(), nats.url(), "eu-west-1");

    // Fill the largest area there is, 256 x 256 cells, with FillEvents of at most 10,000 cells.
    const auto token = adminToken(node->ports().rest);
    ASSERT_FALSE(token.empty());
    constexpr int kRowsPerFill = 10000 / kSide;
    for (int y = 0; y < kSide; y += kRowsPerFill) {
        const auto body =
            boost::json::serialize(boost::json::object{{"event_type", "FillEvent"},
                                                       {"data",
                                                        {{"x1", 0},
                                                         {"y1", y},
                                                         {"x2", kSide - 1},
                                                         {"y2", std::min(kSide, y + kRowsPerFill) - 1},
                                                         {"block_type", "stone"}}}});
        const auto answer = httpPost(node->ports().rest, "/api/admin/events/send", body,
                                     {{"Authorization", "Bearer " + token}});
        ASSERT_EQ(answer.status, 202) << answer.body;
    }

    // The attack: one 11-byte SUBSCRIBE over the whole area. Unbudgeted it would be every cell (~1.5 MB).
    BlockingGameClient greedy(target(*node));
    ASSERT_NE(greedy.joinAsGuest("greedy").playerId, 0u);
    const auto subscribeFrame = encodeFrame(ClientMessage{Subscribe{0, 0, kSide, kSide}});
    EXPECT_EQ(subscribeFrame.size(), 11u);
    const auto started = std::chrono::steady_clock::now();
    const auto first = subscribe(greedy, Subscribe{0, 0, kSide, kSide});
    ASSERT_TRUE(first.complete);
    ASSERT_TRUE(first.error);
    EXPECT_EQ(first.error->code, static_cast<std::uint16_t>(ErrorCode::SnapshotClipped))
        << first.error->message;
    EXPECT_FALSE(first.error->fatal);
    EXPECT_LE(first.bytes, kBurstBytes + kEmptyFinalChunk);
    EXPECT_GT(first.bytes, kBurstBytes / 2);  // the budget is used, not wasted
    EXPECT_LT(first.cells, static_cast<std::size_t>(kSide * kSide));

    // At once again: only what the budget refilled meanwhile.
    const auto second = subscribe(greedy, Subscribe{0, 0, kSide, kSide});
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(second.complete);
    ASSERT_TRUE(second.error);
    EXPECT_EQ(second.error->code, static_cast<std::uint16_t>(ErrorCode::SnapshotClipped));
    EXPECT_LE(static_cast<double>(first.bytes + second.bytes),
              static_cast<double>(kBurstBytes) + elapsed * kBytesPerSecond + 2 * kEmptyFinalChunk);

    // A normal SUBSCRIBE from another player is answered whole.
    BlockingGameClient player(target(*node));
    ASSERT_NE(player.joinAsGuest("player").playerId, 0u);
    const auto normal = subscribe(player, Subscribe{100, 100, 32, 32});
    ASSERT_TRUE(normal.complete);
    EXPECT_FALSE(normal.error) << normal.error->message;
    EXPECT_EQ(normal.cells, 32u * 32u);

    // The node stays healthy: /healthz answers, a fresh client is served, the clipped one still plays.
    EXPECT_EQ(httpGet(node->ports().rest, "/healthz").status, 200);
    BlockingGameClient fresh(target(*node));
    ASSERT_NE(fresh.joinAsGuest("fresh").playerId, 0u);
    fresh.client().send(PlaceBlock{1, -3, -3, 2});
    EXPECT_TRUE(fresh.waitFor<BlockAck>());
    greedy.client().send(Ping{9});
    EXPECT_TRUE(greedy.waitFor<Pong>());
}

}  // namespace
}  // namespace mmo::test
