// Issue 17 item 8, against a real mmo-node on a real nats-server: a session that said GOODBYE, or got a
// fatal ERROR, is gone at once for every purpose while its client keeps the socket open: its key is stale
// (its POSITIONs are rejected), it leaves the other players' POSITIONS, game_players_online and
// /api/status stop counting it, its name is free, and SIGTERM does not wait for its socket.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/json.hpp>
#include <csignal>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/UdpCodec.hpp"
#include "tests/node/game/RawGameConnection.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using namespace mmo::game;
using game::test::hex;
using game::test::isErrorFrame;
using game::test::rawErrorHead;
using game::test::rawFrame;
using game::test::RawGameConnection;
using game::test::rawHello;
using gameclient::BlockingGameClient;
namespace asio = boost::asio;

double metric(const NodeProcess& node, const std::string& series) {
    const auto scrape = httpGet(node.ports().metrics, "/metrics").body;
    const auto at = scrape.find("\n" + series + " ");
    return at == std::string::npos ? -1 : std::stod(scrape.substr(at + series.size() + 2));
}

std::int64_t statusPlayers(const NodeProcess& node) {
    const auto r = httpGet(node.ports().rest, "/api/status");
    if (r.status != 200) return -1;
    return boost::json::parse(r.body).at("players_online").to_number<std::int64_t>();
}

// A raw client: HELLO as a guest over a byte-level connection, the WELCOME decoded for its key and id.
struct RawPlayer {
    std::unique_ptr<RawGameConnection> tcp;
    Welcome welcome;
};

RawPlayer rawJoin(const NodeProcess& node, const std::string& name) {
    RawPlayer p{std::make_unique<RawGameConnection>(node.ports().tcp), {}};
    p.tcp->send(rawHello(0, name));
    const auto frame = p.tcp->readFrame();
    if (!frame || frame->size() < 5) throw std::runtime_error(name + ": no WELCOME");
    auto decoded = decodeServerPayload((*frame)[4], std::span(*frame).subspan(5));
    if (!std::holds_alternative<ServerMessage>(decoded) ||
        !std::holds_alternative<Welcome>(std::get<ServerMessage>(decoded)))
        throw std::runtime_error(name + ": not a WELCOME: " + hex(*frame));
    p.welcome = std::get<Welcome>(std::get<ServerMessage>(decoded));
    return p;
}

// Sends POSITION datagrams from one loopback UDP socket (never reads: an unverified endpoint).
class RawPositions {
  public:
    explicit RawPositions(std::uint16_t nodePort)
        : socket_(io_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          node_(asio::ip::make_address("127.0.0.1"), nodePort) {}
    void send(std::uint64_t key, float x, float y) {
        socket_.send_to(asio::buffer(encodePosition({key, ++seq_, x, y})), node_);
    }

  private:
    asio::io_context io_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint node_;
    std::uint32_t seq_ = 0;
};

bool contains(const PositionsDatagram& d, std::uint64_t playerId) {
    for (const auto& p : d.players)
        if (p.playerId == playerId) return true;
    return false;
}

gameclient::ClientOptions target(const NodeProcess& node) {
    gameclient::ClientOptions o;
    o.tcpPort = node.ports().tcp;
    o.udpPort = node.ports().udp;
    return o;
}

TEST(SessionEndNode, GoodbyeAndFatalErrorEndTheSessionAtOnceWhileTheSocketStaysOpen) {
    TempDir dir("session-end");
    NatsServerProcess nats(dir.path() / "nats", dir.path());
    auto node = startRegionNode(dir.path(), nats.url(), "eu-west-1");

    BlockingGameClient bob(target(*node)), carol(target(*node));
    const auto b = bob.joinAsGuest("bob");
    const auto c = carol.joinAsGuest("carol");
    auto ann = rawJoin(*node, "ann");
    RawPositions annUdp(node->ports().udp);

    // Everyone near everyone: bob sees ann and carol (bob's and carol's endpoints verify themselves).
    bool bobSawBoth = false;
    for (int i = 0; i < 50 && !bobSawBoth; ++i) {
        annUdp.send(ann.welcome.udpKey, 10, 10);
        bob.client().sendPosition(12, 11);
        carol.client().sendPosition(11, 12);
        bobSawBoth = bob.waitFor<PositionsDatagram>(
                            [&](const PositionsDatagram& d) {
                                return contains(d, ann.welcome.playerId) && contains(d, c.playerId);
                            },
                            200ms)
                         .has_value();
    }
    ASSERT_TRUE(bobSawBoth);
    EXPECT_EQ(metric(*node, "game_players_online"), 3);

    // ann says GOODBYE and gets GOODBYE, byte for byte, but keeps its socket open.
    ann.tcp->send(rawFrame(0x07, {}));
    const auto goodbye = ann.tcp->readFrame();
    ASSERT_TRUE(goodbye);
    EXPECT_EQ(*goodbye,
              (std::vector<std::uint8_t>{0x09, 0, 0, 0, 0x88, 0x07, 'g', 'o', 'o', 'd', 'b', 'y', 'e'}))
        << hex(*goodbye);

    // At once (the node handles the scrape after the GOODBYE; no waiting): no longer online.
    EXPECT_EQ(metric(*node, "game_players_online"), 2);
    EXPECT_EQ(statusPlayers(*node), 2);
    EXPECT_EQ(metric(*node, "game_tcp_connections"), 3) << "the socket itself may linger";

    // Its key is stale: a POSITION with it is rejected and counted, and moves nothing.
    const auto rejectedBefore = metric(*node, "game_frames_total{type=\"udp_rejected\"}");
    annUdp.send(ann.welcome.udpKey, 50, 50);
    EXPECT_TRUE(waitUntil(
        [&] { return metric(*node, "game_frames_total{type=\"udp_rejected\"}") == rejectedBefore + 1; }, 5s));

    // It is in no one's POSITIONS any more: the next ticks bob gets hold carol, never ann.
    std::uint32_t lastTick = 0;
    for (const auto& e : bob.drain())
        if (const auto* d = std::get_if<PositionsDatagram>(&e)) lastTick = std::max(lastTick, d->tick);
    for (int seen = 0; seen < 3;) {
        const auto d = bob.waitFor<PositionsDatagram>({}, 2s);
        ASSERT_TRUE(d) << "bob gets no POSITIONS";
        if (d->tick <= lastTick + 1) continue;  // maybe sent before the GOODBYE was handled
        EXPECT_TRUE(contains(*d, c.playerId));
        EXPECT_FALSE(contains(*d, ann.welcome.playerId)) << "tick " << d->tick;
        ++seen;
    }

    // Its name is free at once: a new guest takes it while the old socket is still open.
    {
        BlockingGameClient again(target(*node));
        EXPECT_EQ(again.joinAsGuest("ann").name, "guest:ann");
        again.client().send(ClientGoodbye{});
        ASSERT_TRUE(again.waitFor<gameclient::Disconnected>());
    }
    ASSERT_TRUE(waitUntil([&] { return metric(*node, "game_players_online") == 2; }, 5s));

    // A fatal ERROR ends the session the same way: dave's bad length prefix (frame_too_large, fatal).
    auto dave = rawJoin(*node, "dave");
    EXPECT_EQ(metric(*node, "game_players_online"), 3);
    dave.tcp->send({0, 0, 0, 0});
    const auto fatal = dave.tcp->readFrame();
    ASSERT_TRUE(fatal);
    EXPECT_TRUE(isErrorFrame(*fatal, rawErrorHead(3, {0x00}, true))) << hex(*fatal);
    EXPECT_EQ(metric(*node, "game_players_online"), 2);
    EXPECT_EQ(statusPlayers(*node), 2);

    // SIGTERM: bob and carol are told GOODBYE and close; the sockets ann and dave keep open do not hold
    // the node for the 5 s a closing connection may take to flush.
    const auto stopAt = std::chrono::steady_clock::now();
    node->process().sendSignal(SIGTERM);
    const auto code = node->process().waitExit(10s);
    const auto took = std::chrono::steady_clock::now() - stopAt;
    ASSERT_TRUE(code) << "the node did not stop";
    EXPECT_EQ(*code, 0);
    EXPECT_LT(took, 3s) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    EXPECT_EQ(node->log().find("work still pending"), std::string::npos) << node->log();
    EXPECT_TRUE(ann.tcp->waitClosed(1s));
    EXPECT_TRUE(dave.tcp->waitClosed(1s));
}

}  // namespace
}  // namespace mmo::test
