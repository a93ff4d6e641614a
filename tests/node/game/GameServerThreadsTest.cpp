// The game server with its io_context on several threads (server.io_threads): players on different
// strands write, move and chat at the same time, and every one of them sees everything. Under the tsan
// preset this is the test that checks the server's shared state (registry, names, areas, positions, the
// UDP endpoint, the position timer) against the threads.
#include <gtest/gtest.h>

#include <set>

#include "tests/node/game/InProcessGameServer.hpp"

namespace mmo::game {
namespace {

using namespace std::chrono_literals;
using gameclient::BlockingGameClient;

constexpr std::size_t kThreads = 4;
constexpr int kPlayers = 8;
constexpr int kBlocksEach = 16;

TEST(GameServerThreads, PlayersOnFourThreadsSeeEveryWriteEveryChatAndEachOther) {
    GameLimits limits;
    limits.actionBurst = 64;  // every player writes its blocks at once
    InProcessGameServer node(limits, kThreads);
    std::vector<std::unique_ptr<BlockingGameClient>> players;
    std::vector<std::uint64_t> ids;
    for (int p = 0; p < kPlayers; ++p) {
        players.push_back(std::make_unique<BlockingGameClient>(node.clientOptions()));
        ids.push_back(players.back()->joinAsGuest("p" + std::to_string(p)).playerId);
        players.back()->client().send(Subscribe{0, 0, 32, 32});
        ASSERT_TRUE(players.back()->waitFor<BlockChunk>([](const BlockChunk& c) { return c.last; }));
    }
    ASSERT_TRUE(mmo::test_wait([&] { return node.server().playersOnline() == kPlayers; }));

    // Every player writes its own column and says hello, all at once.
    for (int p = 0; p < kPlayers; ++p) {
        for (int b = 0; b < kBlocksEach; ++b)
            players[p]->client().send(PlaceBlock{static_cast<std::uint64_t>(b + 1), p, b, 5});
        players[p]->client().send(ChatSay{"hello from " + std::to_string(p)});
    }
    for (int p = 0; p < kPlayers; ++p) {
        auto& player = *players[p];
        for (std::uint64_t b = 1; b <= kBlocksEach; ++b)
            ASSERT_TRUE(player.waitFor<BlockAck>([b](const BlockAck& a) { return a.requestId == b; }))
                << "player " << p << " request " << b;
        std::set<std::pair<int, int>> seen;
        while (seen.size() < kPlayers * kBlocksEach) {
            const auto update = player.waitFor<BlockUpdate>();
            ASSERT_TRUE(update) << "player " << p << " saw " << seen.size() << " of the writes";
            seen.emplace(update->cell.x, update->cell.y);
        }
        std::set<std::string> heard;
        while (heard.size() < kPlayers) {
            const auto chat = player.waitFor<ChatMessage>();
            ASSERT_TRUE(chat) << "player " << p << " heard " << heard.size() << " players";
            heard.insert(chat->from);
        }
    }
    for (int b = 0; b < kBlocksEach; ++b)
        for (int p = 0; p < kPlayers; ++p) EXPECT_EQ(node.world().get(p, b).type, 5);

    // Everyone stands in one spot and moves until each sees all the others (UDP may lose a datagram).
    std::vector<std::set<std::uint64_t>> seenPlayers(kPlayers);
    const auto everyoneSeesEveryone = [&] {
        for (const auto& s : seenPlayers)
            if (s.size() < kPlayers - 1) return false;
        return true;
    };
    for (int round = 0; round < 50 && !everyoneSeesEveryone(); ++round) {
        for (int p = 0; p < kPlayers; ++p) players[p]->client().sendPosition(1.0f + p, 2.0f);
        for (int p = 0; p < kPlayers; ++p) {
            const auto positions = players[p]->waitFor<PositionsDatagram>({}, 200ms);
            if (!positions) continue;
            for (const auto& other : positions->players) seenPlayers[p].insert(other.playerId);
        }
    }
    EXPECT_TRUE(everyoneSeesEveryone());

    players.clear();  // each says goodbye and closes
    EXPECT_TRUE(mmo::test_wait([&] { return node.server().playersOnline() == 0; }));
    EXPECT_TRUE(mmo::test_wait([&] { return node.server().connections() == 0; }));
}

}  // namespace
}  // namespace mmo::game
