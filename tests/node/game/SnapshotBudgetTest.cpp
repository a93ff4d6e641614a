// The SUBSCRIBE snapshot budget on the in-process server: a snapshot over the session's budget is clipped
// (error snapshot_clipped, then the final chunk), bounded in bytes; small snapshots are whole.
#include <gtest/gtest.h>

#include "common/gameproto/FrameEncoder.hpp"
#include "tests/node/game/InProcessGameServer.hpp"

namespace mmo::game {
namespace {

using gameclient::BlockingGameClient;

struct Snapshot {
    std::size_t cells = 0;
    std::size_t bytes = 0;  // BLOCK_CHUNK frames as encoded on the wire
    std::optional<ErrorFrame> clipped;
};

// Subscribes and reads the snapshot up to its final chunk.
Snapshot subscribe(BlockingGameClient& client, Subscribe area) {
    client.client().send(area);
    Snapshot snapshot;
    for (;;) {
        auto event = client.waitForEvent([](const gameclient::ServerEvent& e) {
            return std::holds_alternative<BlockChunk>(e) || std::holds_alternative<ErrorFrame>(e);
        });
        if (!event) {
            ADD_FAILURE() << "no final chunk";
            return snapshot;
        }
        if (const auto* error = std::get_if<ErrorFrame>(&*event)) {
            EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::SnapshotClipped)) << error->message;
            snapshot.clipped = *error;
            continue;
        }
        const auto& chunk = std::get<BlockChunk>(*event);
        snapshot.cells += chunk.cells.size();
        snapshot.bytes += encodeFrame(ServerMessage{chunk}).size();
        if (chunk.last) return snapshot;
    }
}

TEST(SnapshotBudget, LargeSnapshotIsClippedSmallOneIsWhole) {
    GameLimits limits;
    limits.snapshotBurstBytes = 8192;
    limits.snapshotBytesPerSecond = 1024;
    InProcessGameServer node(limits);
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 100; ++x) node.world().apply({x, y, 1, 5, "us-east-1"});

    BlockingGameClient greedy(node.clientOptions());
    greedy.joinAsGuest("greedy");
    const auto big = subscribe(greedy, Subscribe{0, 0, 256, 256});
    ASSERT_TRUE(big.clipped);
    EXPECT_FALSE(big.clipped->fatal);
    EXPECT_LE(big.bytes, 8192u);
    EXPECT_GT(big.cells, 0u);
    EXPECT_LT(big.cells, 10000u);
    EXPECT_NE(big.clipped->message.find("blocks were left out"), std::string::npos) << big.clipped->message;

    BlockingGameClient modest(node.clientOptions());  // another session has its own budget
    modest.joinAsGuest("modest");
    const auto small = subscribe(modest, Subscribe{0, 0, 8, 8});
    EXPECT_FALSE(small.clipped);
    EXPECT_EQ(small.cells, 64u);

    greedy.client().send(Ping{1});  // the clipped session stays usable
    EXPECT_TRUE(greedy.waitFor<Pong>());
}

}  // namespace
}  // namespace mmo::game
