// The game server in-process over real loopback sockets: handshake, blocks, subscriptions, chat, UDP.
#include <gtest/gtest.h>

#include "tests/node/game/InProcessGameServer.hpp"

namespace mmo::game {
namespace {

using namespace std::chrono_literals;
using gameclient::BlockingGameClient;
using gameclient::Disconnected;

// A guest is welcomed with a player id, the region and a non-zero UDP key.
TEST(GameServer, GuestHandshake) {
    InProcessGameServer node;
    BlockingGameClient client(node.clientOptions());
    const auto welcome = client.joinAsGuest("ann");
    EXPECT_EQ(welcome.region, InProcessGameServer::kRegion);
    EXPECT_EQ(welcome.name, "guest:ann");  // marked as a guest wherever the name is shown
    EXPECT_NE(welcome.udpKey, 0u);
    EXPECT_GT(welcome.playerId, 0u);
    EXPECT_EQ(welcome.actionsPerSecond, 20u);
    EXPECT_TRUE(mmo::test_wait([&] { return node.server().playersOnline() == 1; }));
}

// A valid token is accepted and names the player; a bad one is a fatal auth_failed.
TEST(GameServer, TokenHandshake) {
    InProcessGameServer node;
    BlockingGameClient good(node.clientOptions());
    good.connect(Hello{kProtocolVersion, AuthKind::Token, "good-token"});
    const auto welcome = good.waitFor<Welcome>();
    ASSERT_TRUE(welcome);
    EXPECT_EQ(welcome->name, "admin");
    BlockingGameClient bad(node.clientOptions());
    bad.connect(Hello{kProtocolVersion, AuthKind::Token, "forged"});
    const auto error = bad.waitFor<ErrorFrame>();
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::AuthFailed));
    EXPECT_TRUE(error->fatal);
    EXPECT_TRUE(bad.waitFor<Disconnected>());
}

// Pipelined places and breaks are each acknowledged with the hlc of the write, in the world.
TEST(GameServer, PlaceAndBreakArePipelinedAndAcked) {
    InProcessGameServer node;
    BlockingGameClient client(node.clientOptions());
    client.joinAsGuest("ann");
    for (std::uint64_t i = 1; i <= 10; ++i)
        client.client().send(PlaceBlock{i, static_cast<std::int32_t>(i), 7, 1});
    client.client().send(BreakBlock{11, 1, 7});
    for (std::uint64_t i = 1; i <= 11; ++i) {
        const auto ack = client.waitFor<BlockAck>([i](const BlockAck& a) { return a.requestId == i; });
        ASSERT_TRUE(ack) << i;
        EXPECT_EQ(node.world().get(static_cast<std::int32_t>(i == 11 ? 1 : i), 7).hlc >= ack->hlc, true);
    }
    EXPECT_EQ(node.world().get(1, 7).type, 0);
    EXPECT_EQ(node.world().get(2, 7).type, 1);
}

// SUBSCRIBE returns the area's blocks in bounded chunks, then every later change inside it (not outside).
TEST(GameServer, SubscribeSnapshotThenUpdates) {
    GameLimits limits;
    limits.chunkCells = 2;
    InProcessGameServer node(limits);
    for (int i = 0; i < 5; ++i) node.world().apply({i, 0, 3, 1, "us-east-1"});
    BlockingGameClient watcher(node.clientOptions());
    watcher.joinAsGuest("watcher");
    watcher.client().send(Subscribe{0, 0, 10, 10});
    std::vector<Cell> cells;
    for (int chunks = 0;; ++chunks) {
        const auto chunk = watcher.waitFor<BlockChunk>();
        ASSERT_TRUE(chunk);
        EXPECT_LE(chunk->cells.size(), 2u);
        cells.insert(cells.end(), chunk->cells.begin(), chunk->cells.end());
        if (chunk->last) break;
    }
    ASSERT_EQ(cells.size(), 5u);
    EXPECT_EQ(cells[0].origin, "us-east-1");

    BlockingGameClient builder(node.clientOptions());
    builder.joinAsGuest("builder");
    builder.client().send(PlaceBlock{1, 50, 50, 2});  // outside
    builder.client().send(PlaceBlock{2, 3, 4, 9});    // inside
    const auto update = watcher.waitFor<BlockUpdate>();
    ASSERT_TRUE(update);
    EXPECT_EQ(update->cell.x, 3);
    EXPECT_EQ(update->cell.y, 4);
    EXPECT_EQ(update->cell.type, 9);
    EXPECT_EQ(update->cell.origin, InProcessGameServer::kRegion);
    EXPECT_FALSE(watcher.waitFor<BlockUpdate>({}, 300ms));
}

// Changes from another region delivered through onApplied reach subscribers with their origin.
TEST(GameServer, RemoteChangesReachSubscribers) {
    InProcessGameServer node;
    BlockingGameClient watcher(node.clientOptions());
    watcher.joinAsGuest("watcher");
    watcher.client().send(Subscribe{-5, -5, 10, 10});
    ASSERT_TRUE(watcher.waitFor<BlockChunk>([](const BlockChunk& c) { return c.last; }));
    node.server().onApplied({{-1, -1, 4, 77, "ap-south-1"}});
    const auto update = watcher.waitFor<BlockUpdate>();
    ASSERT_TRUE(update);
    EXPECT_EQ(update->cell.origin, "ap-south-1");
    EXPECT_EQ(update->cell.hlc, 77u);
}

// An area wider than the limit is refused with area_too_large; the connection stays usable.
TEST(GameServer, AreaTooLarge) {
    InProcessGameServer node;
    BlockingGameClient client(node.clientOptions());
    client.joinAsGuest("ann");
    client.client().send(Subscribe{0, 0, 257, 1});
    const auto error = client.waitFor<ErrorFrame>();
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::AreaTooLarge));
    EXPECT_FALSE(error->fatal);
    client.client().send(Ping{5});
    EXPECT_TRUE(client.waitFor<Pong>());
}

// Chat reaches every player with the sender; without the bus the sender hears chat_unavailable.
TEST(GameServer, ChatReachesPlayers) {
    InProcessGameServer node;
    BlockingGameClient ann(node.clientOptions()), bob(node.clientOptions());
    ann.joinAsGuest("ann");
    bob.joinAsGuest("bob");
    ann.client().send(ChatSay{"hello"});
    const auto heard = bob.waitFor<ChatMessage>();
    ASSERT_TRUE(heard);
    EXPECT_EQ(heard->from, "guest:ann");
    EXPECT_EQ(heard->text, "hello");
    EXPECT_EQ(heard->origin, InProcessGameServer::kRegion);
    node.chatConnected = false;
    ann.client().send(ChatSay{"anyone?"});
    const auto error = ann.waitFor<ErrorFrame>();
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::ChatUnavailable));
}

// Two players near each other receive each other's UDP positions once their endpoints are verified.
TEST(GameServer, PlayersSeeEachOthersPositions) {
    InProcessGameServer node;
    BlockingGameClient ann(node.clientOptions()), bob(node.clientOptions());
    const auto a = ann.joinAsGuest("ann");
    const auto b = bob.joinAsGuest("bob");
    const auto sawOther = [](BlockingGameClient& c, std::uint64_t other, float x) {
        return c.waitFor<PositionsDatagram>(
            [&](const PositionsDatagram& d) {
                for (const auto& p : d.players)
                    if (p.playerId == other && p.x == x) return true;
                return false;
            },
            200ms);
    };
    bool annSaw = false, bobSaw = false;
    for (int i = 0; i < 25 && !(annSaw && bobSaw); ++i) {  // UDP may lose a datagram: keep moving
        ann.client().sendPosition(1.5f, 2.0f);
        bob.client().sendPosition(4.0f, 2.0f);
        annSaw = annSaw || sawOther(ann, b.playerId, 4.0f).has_value();
        bobSaw = bobSaw || sawOther(bob, a.playerId, 1.5f).has_value();
    }
    EXPECT_TRUE(annSaw);
    EXPECT_TRUE(bobSaw);
    // The first POSITION of each came from a new endpoint (udp_unverified); the library answered the
    // CHALLENGE (udp_verify) before any POSITIONS came.
    EXPECT_GT(node.frames("udp_position") + node.frames("udp_unverified"), 0);
    EXPECT_GE(node.frames("udp_verify"), 2);
}

// Datagrams with a wrong key, a stale key (of a closed session) or a bad layout are dropped and counted.
TEST(GameServer, WrongAndStaleUdpKeysAreCounted) {
    InProcessGameServer node;
    std::uint64_t staleKey = 0;
    {
        BlockingGameClient gone(node.clientOptions());
        staleKey = gone.joinAsGuest("gone").udpKey;
    }
    ASSERT_TRUE(mmo::test_wait([&] { return node.server().playersOnline() == 0; }));
    BlockingGameClient ann(node.clientOptions());
    const auto key = ann.joinAsGuest("ann").udpKey;
    const double errorsBefore = node.metrics().protocolErrors.value();
    ann.client().sendDatagram(encodePosition({key ^ 1, 1, 0, 0}));
    ann.client().sendDatagram(encodePosition({staleKey, 1, 0, 0}));
    ann.client().sendDatagram({0x01, 0x02});
    EXPECT_TRUE(mmo::test_wait([&] { return node.frames("udp_rejected") == 3; }));
    EXPECT_EQ(node.metrics().protocolErrors.value(), errorsBefore + 3);
    EXPECT_EQ(node.frames("udp_position"), 0);
}

// A third connection from one address over a per-address limit of 2 is refused with server_full.
TEST(GameServer, PerAddressLimit) {
    GameLimits limits;
    limits.maxConnectionsPerAddress = 2;
    InProcessGameServer node(limits);
    BlockingGameClient a(node.clientOptions()), b(node.clientOptions()), c(node.clientOptions());
    a.joinAsGuest("a");
    b.joinAsGuest("b");
    c.connect(Hello{kProtocolVersion, AuthKind::Guest, "c"});
    const auto error = c.waitFor<ErrorFrame>();
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::ServerFull));
    EXPECT_TRUE(c.waitFor<Disconnected>());
}

// A connection that sends nothing for the idle timeout gets idle_timeout and is closed; PING keeps it.
TEST(GameServer, IdleTimeout) {
    GameLimits limits;
    limits.idleTimeout = 300ms;
    InProcessGameServer node(limits);
    BlockingGameClient idle(node.clientOptions()), busy(node.clientOptions());
    idle.joinAsGuest("idle");
    busy.joinAsGuest("busy");
    for (int i = 0; i < 8; ++i) {
        busy.client().send(Ping{static_cast<std::uint64_t>(i)});
        ASSERT_TRUE(busy.waitFor<Pong>());
        std::this_thread::sleep_for(100ms);  // the behaviour under test is wall-clock idleness
    }
    const auto error = idle.waitFor<ErrorFrame>();
    ASSERT_TRUE(error);
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::IdleTimeout));
    EXPECT_TRUE(idle.waitFor<Disconnected>());
    busy.client().send(Ping{99});
    EXPECT_TRUE(busy.waitFor<Pong>());
}

// GOODBYE is answered with a goodbye and a closed connection; the player count goes down.
TEST(GameServer, Goodbye) {
    InProcessGameServer node;
    BlockingGameClient client(node.clientOptions());
    client.joinAsGuest("ann");
    client.client().send(ClientGoodbye{});
    EXPECT_TRUE(client.waitFor<ServerGoodbye>());
    EXPECT_TRUE(client.waitFor<Disconnected>());
    EXPECT_TRUE(mmo::test_wait(
        [&] { return node.server().playersOnline() == 0 && node.server().connections() == 0; }));
}

}  // namespace
}  // namespace mmo::game
