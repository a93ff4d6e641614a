// Issue 17 item 12, against real mmo-node processes: the game.* keys of docs/protocol.md section 6 change
// what the node does: the frame budget (game.frames_per_second, game.frame_burst) and the chat length
// (game.max_chat_bytes), each against a node with the defaults as the control, and the nearby radius.
#include <gtest/gtest.h>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"
#include "tests/node/game/RawGameConnection.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using game::test::RawGameConnection;
using gameclient::BlockingGameClient;
using Bytes = std::vector<std::uint8_t>;

class GameLimitsNode : public ::testing::Test {
  protected:
    void SetUp() override { nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path()); }

    NodeProcess& startNode(const std::string& region, const std::map<std::string, std::string>& env = {}) {
        return *nodes_.emplace_back(startRegionNode(dir_.path(), nats_->url(), region, env));
    }

    static gameclient::ClientOptions target(const NodeProcess& node) {
        gameclient::ClientOptions o;
        o.tcpPort = node.ports().tcp;
        return o;
    }

    TempDir dir_{"game-limits-node"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::vector<std::unique_ptr<NodeProcess>> nodes_;
};

// What 30 PINGs written at once after HELLO get back: PONGs until a flood ERROR (fatal) and the close.
struct PingBurst {
    int pongs = 0;
    bool flood = false;
    bool closed = false;
};

PingBurst pingBurst(const NodeProcess& node) {
    RawGameConnection raw(node.ports().tcp);
    raw.send({0x08, 0, 0, 0, 0x01, 0x01, 0x00, 0x00, 0x03, 'a', 'n', 'n'});  // HELLO guest "ann"
    const auto welcome = raw.readFrame();
    EXPECT_TRUE(welcome && (*welcome)[4] == 0x81);
    Bytes pings;
    for (int i = 0; i < 30; ++i) pings.insert(pings.end(), {0x09, 0, 0, 0, 0x06, 1, 0, 0, 0, 0, 0, 0, 0});
    raw.send(pings);
    PingBurst result;
    while (const auto frame = raw.readFrame(3s)) {
        if ((*frame)[4] == 0x86) ++result.pongs;
        if ((*frame)[4] == 0x87) {
            const auto code = (*frame)[5] | ((*frame)[6] << 8);
            EXPECT_EQ(code, static_cast<int>(game::ErrorCode::Flood));
            EXPECT_EQ((*frame)[8], 1) << "flood is fatal";
            result.flood = true;
            result.closed = raw.waitClosed(10s);
            break;
        }
        if (result.pongs == 30) break;
    }
    return result;
}

// game.frames_per_second and game.frame_burst set the frame budget: with a burst of 10 (HELLO takes one)
// about 9 of 30 PINGs are answered, then `flood` closes the connection; the defaults (burst 400) answer all.
TEST_F(GameLimitsNode, FrameBudgetFollowsItsKeys) {
    const auto& strict = startNode("eu-west-1", {{"GAME_GAME_ACTIONS_PER_SECOND", "1"},
                                                 {"GAME_GAME_ACTION_BURST", "1"},
                                                 {"GAME_GAME_FRAMES_PER_SECOND", "1"},
                                                 {"GAME_GAME_FRAME_BURST", "10"}});
    const auto& defaults = startNode("us-east-1");
    const auto limited = pingBurst(strict);
    EXPECT_TRUE(limited.flood);
    EXPECT_TRUE(limited.closed);
    EXPECT_GE(limited.pongs, 9);
    EXPECT_LE(limited.pongs, 11);  // a token or two may refill while the frames arrive
    const auto unlimited = pingBurst(defaults);
    EXPECT_FALSE(unlimited.flood);
    EXPECT_EQ(unlimited.pongs, 30);
}

// game.max_chat_bytes sets the longest chat text: 8 bytes pass and 9 get invalid_argument (not fatal,
// the message names the limit) on a node with 8; the default node takes 256 bytes and refuses 257.
TEST_F(GameLimitsNode, ChatLengthFollowsItsKey) {
    const auto& short8 = startNode("eu-west-1", {{"GAME_GAME_MAX_CHAT_BYTES", "8"}});
    const auto& defaults = startNode("us-east-1");
    const auto check = [](const NodeProcess& node, std::size_t longest) {
        BlockingGameClient c(target(node));
        c.joinAsGuest("talker");
        c.client().send(game::ChatSay{std::string(longest, 'a')});
        const auto heard = c.waitFor<game::ChatMessage>({}, 10s);
        ASSERT_TRUE(heard) << longest;
        EXPECT_EQ(heard->text.size(), longest);
        c.client().send(game::ChatSay{std::string(longest + 1, 'b')});
        const auto refused = c.waitFor<game::ErrorFrame>({}, 10s);
        ASSERT_TRUE(refused) << longest + 1;
        EXPECT_EQ(refused->code, static_cast<std::uint16_t>(game::ErrorCode::InvalidArgument));
        EXPECT_FALSE(refused->fatal);
        EXPECT_NE(refused->message.find(std::to_string(longest)), std::string::npos) << refused->message;
        c.client().send(game::ChatSay{"c"});  // lines from one sender arrive in order: "c" is next
        const auto next = c.waitFor<game::ChatMessage>({}, 10s);
        ASSERT_TRUE(next);
        EXPECT_EQ(next->text, "c") << "the refused line went out";
    };
    check(short8, 8);
    check(defaults, 256);
}

// game.nearby_radius sets who is nearby, by Euclidean distance with the edge included: with 10, a player
// at (10, 0) is in the POSITIONS of a player at (0, 0); one at (8, 8) (11.3 away, inside the square) is not.
TEST_F(GameLimitsNode, NearbyRadiusFollowsItsKey) {
    const auto& node = startNode("eu-west-1", {{"GAME_GAME_NEARBY_RADIUS", "10"}});
    auto options = target(node);
    options.udpPort = node.ports().udp;
    BlockingGameClient observer(options), edge(options), corner(options);
    observer.joinAsGuest("observer");
    const auto atEdge = edge.joinAsGuest("edge");
    const auto inCorner = corner.joinAsGuest("corner");
    const auto names = [](std::uint64_t id) {
        return [id](const game::PositionsDatagram& d) {
            for (const auto& p : d.players)
                if (p.playerId == id) return true;
            return false;
        };
    };
    // The corner player is located once it hears of the edge player (8.2 away): POSITIONS go only to
    // players that have a position.
    bool located = false;
    for (int round = 0; round < 50 && !located; ++round) {
        edge.client().sendPosition(10, 0);
        corner.client().sendPosition(8, 8);
        located = corner.waitFor<game::PositionsDatagram>(names(atEdge.playerId), 200ms).has_value();
    }
    ASSERT_TRUE(located);
    bool sawEdge = false;
    for (int round = 0; round < 50 && !sawEdge; ++round) {
        observer.client().sendPosition(0, 0);
        sawEdge = observer.waitFor<game::PositionsDatagram>(names(atEdge.playerId), 200ms).has_value();
    }
    ASSERT_TRUE(sawEdge) << "a player exactly 10 cells away is nearby";
    observer.drain();
    for (int tick = 0; tick < 3; ++tick) {
        const auto d = observer.waitFor<game::PositionsDatagram>({}, 5s);
        ASSERT_TRUE(d);
        EXPECT_TRUE(names(atEdge.playerId)(*d));
        EXPECT_FALSE(names(inCorner.playerId)(*d)) << "a player 11.3 cells away is not nearby";
    }
}

}  // namespace
}  // namespace mmo::test
