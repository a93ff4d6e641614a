// Issue 17 item 13, against a real mmo-node at the byte level: the answers docs/protocol.md settles for
// SUBSCRIBE with width or height 0, a snapshot of exactly 65,536 cells, frames before HELLO, a malformed
// HELLO, and the POSITION sequence-number rule (RFC 1982 serial arithmetic) with how ignored datagrams are
// counted. Frames are written and read as bytes, as a client written from the doc alone would.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstring>

#include "common/gameclient/BlockingGameClient.hpp"
#include "tests/node/game/RawGameConnection.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using game::test::RawGameConnection;
using gameclient::BlockingGameClient;
using Bytes = std::vector<std::uint8_t>;

// A frame as docs/protocol.md section 2 draws it: u32 LE length (type + payload), type, payload.
Bytes frame(std::uint8_t type, const Bytes& payload) {
    const auto length = static_cast<std::uint32_t>(payload.size() + 1);
    Bytes out;
    out.reserve(4 + length);
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<std::uint8_t>(length >> shift));
    out.push_back(type);
    for (const auto byte : payload) out.push_back(byte);
    return out;
}

// HELLO, version 1, guest `name` (short names: a one-byte varint length).
Bytes helloGuest(const std::string& name) {
    Bytes payload{0x01, 0x00, 0x00, static_cast<std::uint8_t>(name.size())};
    payload.insert(payload.end(), name.begin(), name.end());
    return frame(0x01, payload);
}

const Bytes kPing = frame(0x06, {0x2a, 0, 0, 0, 0, 0, 0, 0});          // nonce 42
const Bytes kPong = {0x09, 0, 0, 0, 0x86, 0x2a, 0, 0, 0, 0, 0, 0, 0};  // its answer
const Bytes kEmptyFinalChunk = {0x03, 0x00, 0x00, 0x00, 0x83, 0x01, 0x00};

// The fields of an ERROR frame (0x87): code u16, request id (a one-byte varint here), fatal.
struct ErrorBytes {
    std::uint16_t code = 0;
    std::uint8_t requestId = 0;
    std::uint8_t fatal = 0;
};
std::optional<ErrorBytes> errorOf(const std::optional<Bytes>& f) {
    if (!f || f->size() < 9 || (*f)[4] != 0x87) return std::nullopt;
    return ErrorBytes{static_cast<std::uint16_t>((*f)[5] | ((*f)[6] << 8)), (*f)[7], (*f)[8]};
}

std::string hex(const std::optional<Bytes>& f) {
    if (!f) return "(no frame)";
    std::string out;
    for (std::size_t i = 0; i < f->size() && i < 32; ++i) {
        static const char* digits = "0123456789abcdef";
        out += digits[(*f)[i] >> 4];
        out += digits[(*f)[i] & 15];
        out += ' ';
    }
    return out;
}

class ProtocolSettlements : public ::testing::Test {
  protected:
    void start(const std::map<std::string, std::string>& env = {}) {
        nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path());
        node_ = startRegionNode(dir_.path(), nats_->url(), "eu-west-1", env);
    }

    // A raw connection that completed the handshake.
    std::unique_ptr<RawGameConnection> joined(const std::string& name) {
        auto raw = std::make_unique<RawGameConnection>(node_->ports().tcp);
        raw->send(helloGuest(name));
        const auto welcome = raw->readFrame();
        EXPECT_TRUE(welcome && (*welcome)[4] == 0x81) << hex(welcome);
        return raw;
    }

    double metric(const std::string& series) const {
        const auto scrape = httpGet(node_->ports().metrics, "/metrics").body;
        const auto at = scrape.find("\n" + series + " ");
        return at == std::string::npos ? -1 : std::stod(scrape.substr(at + series.size() + 2));
    }

    TempDir dir_{"protocol-settlements"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::unique_ptr<NodeProcess> node_;
};

// SUBSCRIBE with width or height 0 unsubscribes and is answered with exactly one empty final chunk
// (7 bytes), whatever the other fields hold (even a side over game.max_area_side); nothing else follows.
TEST_F(ProtocolSettlements, UnsubscribeIsAnsweredByOneEmptyFinalChunk) {
    start();
    auto raw = joined("ann");
    raw->send(frame(0x04, {0x00, 0x00, 0x10, 0x10}));  // 0,0 16x16: an empty area
    EXPECT_EQ(raw->readFrame(), kEmptyFinalChunk);
    raw->send(frame(0x04, {0x0a, 0x0a, 0x00, 0x10}));  // width 0
    EXPECT_EQ(raw->readFrame(), kEmptyFinalChunk);
    raw->send(frame(0x04, {0x00, 0x00, 0xff, 0xff, 0x03, 0x00}));  // width 65535, height 0
    EXPECT_EQ(raw->readFrame(), kEmptyFinalChunk);
    raw->send(kPing);
    EXPECT_EQ(raw->readFrame(), kPong) << "nothing between the final chunk and the PONG";
}

// The largest area, full: 65,536 cells = 128 chunks of 512, the 128th marked final; no empty chunk after.
TEST_F(ProtocolSettlements, FullLargestAreaEndsWithItsLastFullChunk) {
    start({{"GAME_GAME_SNAPSHOT_BURST_BYTES", std::to_string(4 << 20)}});  // the whole snapshot fits
    const auto token = adminToken(node_->ports().rest);
    ASSERT_FALSE(token.empty());
    constexpr int kSide = 256, kRowsPerFill = 10000 / kSide;
    for (int y = 0; y < kSide; y += kRowsPerFill) {
        const auto body =
            boost::json::serialize(boost::json::object{{"event_type", "FillEvent"},
                                                       {"data",
                                                        {{"x1", 0},
                                                         {"y1", y},
                                                         {"x2", kSide - 1},
                                                         {"y2", std::min(kSide, y + kRowsPerFill) - 1},
                                                         {"block_type", "stone"}}}});
        const auto answer = httpPost(node_->ports().rest, "/api/admin/events/send", body,
                                     {{"Authorization", "Bearer " + token}});
        ASSERT_EQ(answer.status, 202) << answer.body;
    }
    ASSERT_TRUE(waitUntil(
        [&] {
            return httpGet(node_->ports().rest, "/api/world/block?x=255&y=255").body.find("stone") !=
                   std::string::npos;
        },
        20s));

    auto raw = joined("ann");
    raw->send(frame(0x04, {0x00, 0x00, 0x80, 0x02, 0x80, 0x02}));  // 0,0 256x256
    raw->send(kPing);
    std::size_t chunks = 0, cells = 0;
    for (;;) {
        const auto chunk = raw->readFrame();
        ASSERT_TRUE(chunk && chunk->size() >= 7 && (*chunk)[4] == 0x83)
            << "chunk " << chunks << ": " << hex(chunk);
        const std::size_t count = ((*chunk)[6] & 0x7f) | ((*chunk)[6] & 0x80 ? (*chunk)[7] << 7 : 0);
        ++chunks;
        cells += count;
        EXPECT_EQ(count, 512u) << "chunk " << chunks;
        if ((*chunk)[5] == 1) break;
        ASSERT_EQ((*chunk)[5], 0) << "last is 0 or 1";
    }
    EXPECT_EQ(chunks, 128u);
    EXPECT_EQ(cells, 65536u);
    EXPECT_EQ(raw->readFrame(), kPong) << "no empty chunk after the final full one";
}

// Before HELLO a frame is decoded first: an unknown type is unknown_type and a malformed PLACE_BLOCK is
// malformed_frame; only a well-formed action is not_authenticated (with its request id). None is fatal.
TEST_F(ProtocolSettlements, FramesBeforeHelloAreDecodedFirst) {
    start();
    RawGameConnection raw(node_->ports().tcp);
    raw.send(frame(0x42, {}));
    auto e = errorOf(raw.readFrame());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 2);  // unknown_type, not not_authenticated
    EXPECT_EQ(e->requestId, 0);
    EXPECT_EQ(e->fatal, 0);
    raw.send(frame(0x02, {0x07}));  // PLACE_BLOCK, request 7, then nothing
    e = errorOf(raw.readFrame());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 1);  // malformed_frame
    EXPECT_EQ(e->fatal, 0);
    raw.send(frame(0x02, {0x07, 0x00, 0x00, 0x01}));  // PLACE_BLOCK, request 7, 0,0 stone
    e = errorOf(raw.readFrame());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 5);  // not_authenticated
    EXPECT_EQ(e->requestId, 7);
    EXPECT_EQ(e->fatal, 0);
    raw.send(kPing);
    EXPECT_EQ(raw.readFrame(), kPong);
    raw.send(helloGuest("ann"));
    const auto welcome = raw.readFrame();
    EXPECT_TRUE(welcome && (*welcome)[4] == 0x81) << hex(welcome);
}

// A malformed HELLO of version 1 is malformed_frame, not fatal: the client may send HELLO again. A HELLO
// of another version is unsupported_version (fatal) however the rest of it looks.
TEST_F(ProtocolSettlements, MalformedHelloIsNotFatal) {
    start();
    RawGameConnection raw(node_->ports().tcp);
    for (const Bytes& payload :
         {Bytes{0x01}, Bytes{0x01, 0x00}, Bytes{0x01, 0x00, 0x00, 0x05, 'a', 'n', 'n'},
          Bytes{0x01, 0x00, 0x02, 0x03, 'a', 'n', 'n'}, Bytes{0x01, 0x00, 0x00, 0x03, 'a', 'n', 'n', 0x00}}) {
        raw.send(frame(0x01, payload));
        const auto e = errorOf(raw.readFrame());
        ASSERT_TRUE(e) << payload.size();
        EXPECT_EQ(e->code, 1) << payload.size();  // malformed_frame
        EXPECT_EQ(e->fatal, 0) << payload.size();
    }
    raw.send(helloGuest("ann"));
    const auto welcome = raw.readFrame();
    EXPECT_TRUE(welcome && (*welcome)[4] == 0x81) << hex(welcome);

    RawGameConnection other(node_->ports().tcp);
    other.send(frame(0x01, {0x02, 0x00}));  // version 2, nothing else
    const auto e = errorOf(other.readFrame());
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, 4);  // unsupported_version
    EXPECT_EQ(e->fatal, 1);
    EXPECT_TRUE(other.waitClosed(10s));
}

// A POSITION datagram as docs/protocol.md section 5 lays it out.
std::vector<std::uint8_t> position(std::uint64_t key, std::uint32_t seq, float x, float y) {
    std::vector<std::uint8_t> d(21);
    d[0] = 0x01;
    for (int i = 0; i < 8; ++i) d[1 + i] = static_cast<std::uint8_t>(key >> (8 * i));
    for (int i = 0; i < 4; ++i) d[9 + i] = static_cast<std::uint8_t>(seq >> (8 * i));
    std::memcpy(&d[13], &x, 4);  // little-endian hosts only, like the rest of the tests
    std::memcpy(&d[17], &y, 4);
    return d;
}

// seq is compared by RFC 1982 serial arithmetic: 0 follows 0xffffffff; equal, behind, and exactly 2^31
// ahead are ignored. An ignored POSITION from the verified endpoint still counts as udp_position (it is
// neither rejected nor a protocol error), and never moves the player.
TEST_F(ProtocolSettlements, PositionSequenceWrapsAndIgnoredOnesCount) {
    start();
    gameclient::ClientOptions options;
    options.tcpPort = node_->ports().tcp;
    options.udpPort = node_->ports().udp;
    BlockingGameClient observer(options), mover(options);
    observer.joinAsGuest("observer");
    const auto welcome = mover.joinAsGuest("mover");
    const auto moverAt = [&](float x, float y) {
        return [&, x, y](const game::PositionsDatagram& d) {
            for (const auto& p : d.players)
                if (p.playerId == welcome.playerId) return p.x == x && p.y == y;
            return false;
        };
    };

    // The mover's first POSITION is taken whatever its seq; the library client answers the CHALLENGE.
    mover.client().sendDatagram(position(welcome.udpKey, 0xfffffffeu, 1, 1));
    bool seen = false;
    for (int round = 0; round < 50 && !seen; ++round) {
        observer.client().sendPosition(0, 0);
        seen = observer.waitFor<game::PositionsDatagram>(moverAt(1, 1), 200ms).has_value();
    }
    ASSERT_TRUE(seen) << "the observer never saw the mover";
    // POSITIONS reach the mover only once its endpoint is verified.
    ASSERT_TRUE(mover.waitFor<game::PositionsDatagram>({}, 10s)) << "the mover's endpoint was not verified";
    const std::string counted = "game_frames_total{type=\"udp_position\"}";
    const std::string unverified = "game_frames_total{type=\"udp_unverified\"}";
    const std::string rejected = "game_frames_total{type=\"udp_rejected\"}";
    const double counted0 = metric(counted), unverified0 = metric(unverified), rejected0 = metric(rejected);

    const auto sendAndSee = [&](std::uint32_t seq, float x, float y) {
        mover.client().sendDatagram(position(welcome.udpKey, seq, x, y));
        return observer.waitFor<game::PositionsDatagram>(moverAt(x, y), 5s).has_value();
    };
    EXPECT_TRUE(sendAndSee(0xffffffffu, 2, 2));
    EXPECT_TRUE(sendAndSee(0, 3, 3)) << "0 follows 0xffffffff";
    mover.client().sendDatagram(position(welcome.udpKey, 0, 9, 9));            // equal
    mover.client().sendDatagram(position(welcome.udpKey, 0xffffffffu, 9, 9));  // behind
    mover.client().sendDatagram(position(welcome.udpKey, 0x80000000u, 9, 9));  // exactly 2^31 ahead
    mover.client().sendDatagram(position(welcome.udpKey, 0x7fffffffu, 4, 4));  // 2^31 - 1 ahead
    bool sawIgnored = false;
    const auto reached = observer.waitFor<game::PositionsDatagram>(
        [&](const game::PositionsDatagram& d) {
            sawIgnored = sawIgnored || moverAt(9, 9)(d);
            return moverAt(4, 4)(d);
        },
        5s);
    EXPECT_TRUE(reached);
    EXPECT_FALSE(sawIgnored) << "an ignored POSITION moved the player";
    EXPECT_TRUE(waitUntil([&] { return metric(counted) == counted0 + 6; }, 5s))
        << "every POSITION from the verified endpoint counts, ignored ones too: "
        << metric(counted) - counted0;
    EXPECT_EQ(metric(unverified), unverified0);
    EXPECT_EQ(metric(rejected), rejected0);
}

}  // namespace
}  // namespace mmo::test
