// UDP reflection and amplification against a real mmo-node (issue 16, item 3): the node sends POSITIONS
// only to an endpoint that echoed a CHALLENGE sent to it, and nothing it sends to any other endpoint is
// larger than the datagram that provoked it. Raw UDP sockets play the endpoints; a library client nearby
// is the positive control (it is verified and does get POSITIONS).
#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/UdpCodec.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using namespace mmo::game;
using gameclient::BlockingGameClient;
namespace asio = boost::asio;

// One loopback UDP socket of the test: sends to the node's UDP port, keeps count of what it got back.
class RawUdp {
  public:
    explicit RawUdp(std::uint16_t nodePort)
        : socket_(io_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          node_(asio::ip::make_address("127.0.0.1"), nodePort) {}

    void send(const std::vector<std::uint8_t>& datagram) {
        socket_.send_to(asio::buffer(datagram), node_);
        sentBytes += datagram.size();
    }
    void sendPosition(std::uint64_t key, float x, float y) { send(encodePosition({key, ++seq_, x, y})); }

    // The next datagram from the node within `timeout` (counted), or nullopt.
    std::optional<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) {
        pollfd fd{socket_.native_handle(), POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
        std::vector<std::uint8_t> datagram(2048);
        asio::ip::udp::endpoint from;
        datagram.resize(socket_.receive_from(asio::buffer(datagram), from));
        ++received;
        receivedBytes += datagram.size();
        largestReceived = std::max(largestReceived, datagram.size());
        if (decodePositions(datagram)) ++positions;
        if (const auto c = decodeChallenge(datagram)) lastChallenge = c->nonce;
        return datagram;
    }
    // Receives until `timeout` passes with nothing more.
    void drain(std::chrono::milliseconds timeout) {
        while (receive(timeout)) {
        }
    }

    std::size_t sentBytes = 0;
    std::size_t received = 0;
    std::size_t receivedBytes = 0;
    std::size_t largestReceived = 0;
    std::size_t positions = 0;
    std::optional<std::uint64_t> lastChallenge;

  private:
    asio::io_context io_;
    asio::ip::udp::socket socket_;
    asio::ip::udp::endpoint node_;
    std::uint32_t seq_ = 0;
};

class UdpReflection : public ::testing::Test {
  protected:
    void SetUp() override {
        auto env = nodeEnvironment();
        env.set("GAME_STORAGE_DATA_DIR", (dir_.path() / "data").string());
        node_ = std::make_unique<NodeProcess>(std::filesystem::path(MMO_BIN_DIR) / "mmo-node",
                                              std::vector<std::string>{}, env, dir_.path());
        ASSERT_TRUE(node_->waitReady()) << node_->log();
    }

    gameclient::ClientOptions target(bool withUdp) const {
        gameclient::ClientOptions o;
        o.tcpPort = node_->ports().tcp;
        o.udpPort = withUdp ? node_->ports().udp : 0;
        return o;
    }

    // The positive control: `ann` (the library client, which answers challenges) moves at (10, 10) until
    // a POSITIONS datagram names `other`, or the round budget runs out; `eachRound` runs every round.
    static bool annSees(BlockingGameClient& ann, std::uint64_t other,
                        const std::function<void()>& eachRound) {
        for (int round = 0; round < 40; ++round) {
            ann.client().sendPosition(10, 10);
            eachRound();
            const auto seen = ann.waitFor<PositionsDatagram>(
                [&](const PositionsDatagram& d) {
                    for (const auto& p : d.players)
                        if (p.playerId == other) return true;
                    return false;
                },
                100ms);
            if (seen) return true;
        }
        return false;
    }

    double metric(const std::string& series) const {
        const auto scrape = httpGet(node_->ports().metrics, "/metrics").body;
        const auto at = scrape.find("\n" + series + " ");
        return at == std::string::npos ? -1 : std::stod(scrape.substr(at + series.size() + 2));
    }

    // After an attack: /healthz answers and a fresh library client is verified and gets POSITIONS.
    void expectHealthy(BlockingGameClient& ann, const Welcome& annWelcome) {
        EXPECT_EQ(httpGet(node_->ports().rest, "/healthz").status, 200);
        BlockingGameClient fresh(target(true));
        const auto welcome = fresh.joinAsGuest("fresh");
        bool freshSaw = false;
        EXPECT_TRUE(annSees(ann, welcome.playerId, [&] {
            fresh.client().sendPosition(11, 10);
            freshSaw =
                freshSaw || fresh.waitFor<PositionsDatagram>(
                                [&](const PositionsDatagram& d) {
                                    return !d.players.empty() && d.players[0].playerId == annWelcome.playerId;
                                },
                                0ms);
        }));
        EXPECT_TRUE(fresh.waitFor<PositionsDatagram>({}, 2s) || freshSaw);
    }

    TempDir dir_{"udp-reflection"};
    std::unique_ptr<NodeProcess> node_;
};

// The attack: a guest sends POSITIONs with its own session key from a socket that never echoes the
// challenge (standing in for a forged source address). The node knows the guest's position (ann sees it),
// yet that socket gets no POSITIONS: only CHALLENGEs, each smaller than the POSITION that asked, at most
// game.udp_challenges_per_second of them. A client that never verifies still plays over TCP.
TEST_F(UdpReflection, UnverifiedEndpointGetsNoPositions) {
    BlockingGameClient ann(target(true));
    const auto a = ann.joinAsGuest("ann");
    BlockingGameClient mallory(target(false));  // TCP only: its UDP is the raw socket below
    const auto m = mallory.joinAsGuest("mallory");
    RawUdp victim(node_->ports().udp);

    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(annSees(ann, m.playerId, [&] {
        victim.sendPosition(m.udpKey, 12, 10);
        victim.drain(0ms);
    })) << "the node never took the unverified POSITIONs (the positive control failed)";
    // Ann is verified and nearby: were the victim verified, the next ticks would send it POSITIONS.
    for (int round = 0; round < 10; ++round) {
        victim.sendPosition(m.udpKey, 12, 10);
        ann.client().sendPosition(10, 10);
        victim.drain(100ms);
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    EXPECT_EQ(victim.positions, 0u) << "POSITIONS were sent to an endpoint that never echoed a challenge";
    EXPECT_LE(victim.largestReceived, kUdpChallengeBytes);
    EXPECT_LT(victim.largestReceived, kUdpPositionBytes) << "a reply larger than the datagram that asked";
    EXPECT_LE(victim.receivedBytes, victim.sentBytes);
    EXPECT_GE(victim.received, 1u) << "the node should challenge a new endpoint";
    EXPECT_LE(victim.received, static_cast<std::size_t>(2 * seconds) + 2) << "over 2 challenges per second";
    EXPECT_GT(metric("game_frames_total{type=\"udp_unverified\"}"), 0);

    // A wrong echo (a guessed nonce) verifies nothing either.
    const auto positionsBefore = victim.positions;
    victim.send(encodeVerify({m.udpKey, victim.lastChallenge.value_or(0) ^ 1}));
    for (int round = 0; round < 5; ++round) {
        ann.client().sendPosition(10, 10);
        victim.drain(100ms);
    }
    EXPECT_EQ(victim.positions, positionsBefore);

    // Never verified, mallory still plays over TCP.
    mallory.client().send(Ping{42});
    const auto pong = mallory.waitFor<Pong>();
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->nonce, 42u);
    expectHealthy(ann, a);
}

// A verified endpoint gets POSITIONS; a new endpoint of the same session (NAT rebinding, or a forged source
// address) gets none until it echoes its own challenge, the old endpoint keeps them meanwhile, and an echo
// of that challenge from another endpoint does not count.
TEST_F(UdpReflection, EndpointChangeNeedsVerificationAgain) {
    BlockingGameClient ann(target(true));
    const auto a = ann.joinAsGuest("ann");
    BlockingGameClient bob(target(false));
    const auto b = bob.joinAsGuest("bob");
    RawUdp first(node_->ports().udp), second(node_->ports().udp);

    // Verify `first` by hand: POSITION, CHALLENGE, VERIFY.
    for (int round = 0; round < 20 && !first.lastChallenge; ++round) {
        first.sendPosition(b.udpKey, 12, 10);
        first.receive(200ms);
    }
    ASSERT_TRUE(first.lastChallenge) << "no CHALLENGE for a new endpoint";
    EXPECT_EQ(first.positions, 0u);
    first.send(encodeVerify({b.udpKey, *first.lastChallenge}));
    ASSERT_TRUE(annSees(ann, b.playerId, [&] { first.sendPosition(b.udpKey, 12, 10); }));
    ASSERT_TRUE(waitUntil(
        [&] {
            ann.client().sendPosition(10, 10);
            first.receive(50ms);
            return first.positions > 0;
        },
        5s))
        << "a verified endpoint gets POSITIONS";

    // Bob's datagrams now come from `second`: it is challenged, gets no POSITIONS, and `first` keeps them.
    const auto firstBefore = first.positions;
    for (int round = 0; round < 30 && !second.lastChallenge; ++round) {
        second.sendPosition(b.udpKey, 12, 10);
        ann.client().sendPosition(10, 10);
        second.receive(100ms);
        first.drain(0ms);
    }
    ASSERT_TRUE(second.lastChallenge) << "no CHALLENGE for the changed endpoint";
    // The echo must come from the challenged endpoint: sent from `first`, it verifies nothing.
    first.send(encodeVerify({b.udpKey, *second.lastChallenge}));
    for (int round = 0; round < 10; ++round) {
        second.sendPosition(b.udpKey, 12, 10);
        ann.client().sendPosition(10, 10);
        second.drain(100ms);
        first.drain(0ms);
    }
    EXPECT_EQ(second.positions, 0u) << "POSITIONS went to a changed endpoint before it was verified";
    EXPECT_LT(second.largestReceived, kUdpPositionBytes);
    EXPECT_GT(first.positions, firstBefore)
        << "the verified endpoint lost its POSITIONS to an unverified one";

    // Echoed from `second` itself: now `second` gets the POSITIONS and `first` nothing more.
    ASSERT_TRUE(second.lastChallenge);
    second.send(encodeVerify({b.udpKey, *second.lastChallenge}));
    ASSERT_TRUE(waitUntil(
        [&] {
            ann.client().sendPosition(10, 10);
            second.receive(50ms);
            first.drain(0ms);
            return second.positions > 0;
        },
        5s))
        << "the re-verified endpoint gets POSITIONS";
    first.drain(150ms);  // what was in flight at the switch
    const auto firstAfterSwitch = first.positions;
    const auto secondAfterSwitch = second.positions;
    for (int round = 0; round < 5; ++round) {
        ann.client().sendPosition(10, 10);
        second.drain(100ms);
    }
    first.drain(0ms);
    EXPECT_GT(second.positions, secondAfterSwitch);
    EXPECT_EQ(first.positions, firstAfterSwitch) << "the old endpoint still gets POSITIONS";
    expectHealthy(ann, a);
}

}  // namespace
}  // namespace mmo::test
