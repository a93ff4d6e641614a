// The game server in real mmo-node processes on a real nats-server: cross-region updates and chat, UDP
// positions and key checks as the node counts them, bad frames against a node.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "common/gameproto/UdpCodec.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using namespace mmo::game;
using gameclient::BlockingGameClient;
using gameclient::Disconnected;

class GameNode : public ::testing::Test {
  protected:
    void SetUp() override { nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path()); }

    NodeProcess& startNode(const std::string& region) {
        return *nodes_.emplace_back(startRegionNode(dir_.path(), nats_->url(), region));
    }

    static gameclient::ClientOptions target(const NodeProcess& node) {
        gameclient::ClientOptions o;
        o.tcpPort = node.ports().tcp;
        o.udpPort = node.ports().udp;
        return o;
    }

    // Joins as a guest; a refused or unanswered join returns a Welcome with player id 0.
    static Welcome join(BlockingGameClient& client, const std::string& name) {
        client.connect(Hello{kProtocolVersion, AuthKind::Guest, name});
        auto event = client.waitForEvent([](const gameclient::ServerEvent& e) {
            return std::holds_alternative<Welcome>(e) || std::holds_alternative<Disconnected>(e);
        });
        if (!event || !std::holds_alternative<Welcome>(*event)) return {};
        return std::get<Welcome>(*event);
    }

    static std::string blockType(const NodeProcess& node, int x, int y) {
        const auto r =
            httpGet(node.ports().rest, "/api/world/block?x=" + std::to_string(x) + "&y=" + std::to_string(y));
        if (r.status != 200) return {};
        return std::string(boost::json::parse(r.body).at("block_type").as_string());
    }

    static double metric(const NodeProcess& node, const std::string& series) {
        const auto scrape = httpGet(node.ports().metrics, "/metrics").body;
        const auto at = scrape.find("\n" + series + " ");
        return at == std::string::npos ? -1 : std::stod(scrape.substr(at + series.size() + 2));
    }

    TempDir dir_{"game-node"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::vector<std::unique_ptr<NodeProcess>> nodes_;
};

// A player in eu places a block; a player in us subscribed to the area gets it marked from eu-west-1;
// REST reads the block back in both regions.
TEST_F(GameNode, PlaceInEuReachesSubscriberInUs) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    BlockingGameClient watcher(target(us)), builder(target(eu));
    auto welcome = join(watcher, "watcher");
    ASSERT_NE(welcome.playerId, 0u);
    EXPECT_EQ(welcome.region, "us-east-1");
    ASSERT_NE(join(builder, "builder").playerId, 0u);
    watcher.client().send(Subscribe{0, 0, 16, 16});
    ASSERT_TRUE(watcher.waitFor<BlockChunk>([](const BlockChunk& c) { return c.last; }));
    builder.client().send(PlaceBlock{1, 3, 4, 1});  // stone
    const auto ack = builder.waitFor<BlockAck>();
    ASSERT_TRUE(ack);
    const auto update = watcher.waitFor<BlockUpdate>({}, 20s);
    ASSERT_TRUE(update);
    EXPECT_EQ(update->cell.origin, "eu-west-1");
    EXPECT_EQ(update->cell.x, 3);
    EXPECT_EQ(update->cell.y, 4);
    EXPECT_EQ(update->cell.type, 1);
    EXPECT_EQ(update->cell.hlc, ack->hlc);
    EXPECT_EQ(blockType(eu, 3, 4), "stone");
    EXPECT_TRUE(waitUntil([&] { return blockType(us, 3, 4) == "stone"; }, 10s));
}

// Chat said by a player in us reaches players in eu and ap with its origin and sender.
TEST_F(GameNode, ChatFromUsReachesEuAndAp) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    auto& ap = startNode("ap-south-1");
    BlockingGameClient inEu(target(eu)), inUs(target(us)), inAp(target(ap));
    ASSERT_NE(join(inEu, "ella").playerId, 0u);
    ASSERT_NE(join(inUs, "sam").playerId, 0u);
    ASSERT_NE(join(inAp, "arun").playerId, 0u);
    inUs.client().send(ChatSay{"hello from us"});
    for (auto* listener : {&inEu, &inAp}) {
        const auto heard = listener->waitFor<ChatMessage>({}, 10s);
        ASSERT_TRUE(heard);
        EXPECT_EQ(heard->origin, "us-east-1");
        EXPECT_EQ(heard->from, "guest:sam");
        EXPECT_EQ(heard->text, "hello from us");
    }
}

// Two players of one node see each other's positions; wrong and stale keys are dropped and counted.
TEST_F(GameNode, UdpPositionsAndKeyChecks) {
    auto& eu = startNode("eu-west-1");
    BlockingGameClient ann(target(eu)), bob(target(eu));
    const auto a = join(ann, "ann");
    ASSERT_NE(a.playerId, 0u);
    const auto b = join(bob, "bob");
    ASSERT_NE(b.playerId, 0u);
    bool annSaw = false, bobSaw = false;
    for (int i = 0; i < 50 && !(annSaw && bobSaw); ++i) {
        ann.client().sendPosition(10.0f, 10.0f);
        bob.client().sendPosition(12.0f, 11.0f);
        annSaw = annSaw || ann.waitFor<PositionsDatagram>(
                                  [&](const PositionsDatagram& d) {
                                      return !d.players.empty() && d.players[0].playerId == b.playerId;
                                  },
                                  200ms)
                               .has_value();
        bobSaw = bobSaw || bob.waitFor<PositionsDatagram>(
                                  [&](const PositionsDatagram& d) {
                                      return !d.players.empty() && d.players[0].playerId == a.playerId;
                                  },
                                  200ms)
                               .has_value();
    }
    EXPECT_TRUE(annSaw);
    EXPECT_TRUE(bobSaw);

    std::uint64_t staleKey = 0;
    {
        BlockingGameClient gone(target(eu));
        staleKey = join(gone, "gone").udpKey;
        gone.client().send(ClientGoodbye{});
        ASSERT_TRUE(gone.waitFor<Disconnected>());
    }
    const auto errorsBefore = metric(eu, "game_protocol_errors_total");
    ann.client().sendDatagram(encodePosition({a.udpKey ^ 0x5555, 1, 0, 0}));
    ann.client().sendDatagram(encodePosition({staleKey, 99, 0, 0}));
    EXPECT_TRUE(waitUntil([&] { return metric(eu, "game_frames_total{type=\"udp_rejected\"}") == 2; }, 5s));
    EXPECT_GE(metric(eu, "game_protocol_errors_total"), errorsBefore + 2);
}

// Every bad frame against a node gets its typed error; afterwards a fresh client is still served.
TEST_F(GameNode, BadFramesThenFreshClient) {
    auto& eu = startNode("eu-west-1");
    {
        BlockingGameClient probe(target(eu));
        ASSERT_NE(join(probe, "probe").playerId, 0u);
    }
    struct Case {
        std::vector<std::uint8_t> bytes;
        ErrorCode expected;
        bool handshake;
    };
    const std::vector<Case> cases = {
        {encodeRawFrame(0x42, {}), ErrorCode::UnknownType, true},
        {encodeRawFrame(0x02, {0x01}), ErrorCode::MalformedFrame, true},
        {{0xff, 0xff, 0xff, 0x7f, 0x02}, ErrorCode::FrameTooLarge, true},
        {encodeFrame(ClientMessage{Hello{9, AuthKind::Guest, "x"}}), ErrorCode::UnsupportedVersion, false},
        {encodeFrame(ClientMessage{PlaceBlock{1, 0, 0, 1}}), ErrorCode::NotAuthenticated, false},
        {encodeFrame(ClientMessage{Hello{kProtocolVersion, AuthKind::Token, "not.a.jwt"}}),
         ErrorCode::AuthFailed, false},
    };
    int clients = 0;
    for (const auto& c : cases) {
        BlockingGameClient client(target(eu));
        if (c.handshake)  // a name of its own: the last client's session may not have ended yet
            ASSERT_NE(join(client, "bad" + std::to_string(++clients)).playerId, 0u);
        else
            client.connect(std::nullopt);
        client.client().sendRaw(c.bytes);
        const auto error = client.waitFor<ErrorFrame>();
        ASSERT_TRUE(error) << toString(c.expected);
        EXPECT_EQ(error->code, static_cast<std::uint16_t>(c.expected));
    }
    {  // flood: more actions than the budget
        BlockingGameClient client(target(eu));
        ASSERT_NE(join(client, "flooder").playerId, 0u);
        for (std::uint64_t i = 1; i <= 100; ++i)
            client.client().send(PlaceBlock{i, 500, static_cast<std::int32_t>(i), 1});
        EXPECT_TRUE(client.waitFor<ErrorFrame>([](const ErrorFrame& e) {
            return e.code == static_cast<std::uint16_t>(ErrorCode::RateLimited);
        }));
    }
    BlockingGameClient fresh(target(eu));
    ASSERT_NE(join(fresh, "fresh").playerId, 0u);
    fresh.client().send(PlaceBlock{1, -7, -7, 2});
    EXPECT_TRUE(fresh.waitFor<BlockAck>());
    EXPECT_EQ(blockType(eu, -7, -7), "dirt");
    EXPECT_GE(metric(eu, "game_protocol_errors_total"), 7);
}

}  // namespace
}  // namespace mmo::test
