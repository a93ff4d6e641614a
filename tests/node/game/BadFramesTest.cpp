// Every kind of bad frame gets a typed error (fatal ones a closed connection) from one shared server,
// which keeps serving: the last test is a fresh client after all of them.
#include <gtest/gtest.h>

#include <random>

#include "common/gameproto/FrameEncoder.hpp"
#include "tests/node/game/InProcessGameServer.hpp"

namespace mmo::game {
namespace {

using namespace std::chrono_literals;
using gameclient::BlockingGameClient;
using gameclient::Disconnected;

class BadFrames : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        GameLimits limits;
        limits.frameBurst = 50;  // a flood is quick to provoke
        limits.framesPerSecond = 1;
        limits.actionBurst = 3;
        limits.actionsPerSecond = 0.01;
        limits.idleTimeout = 2s;
        node_ = new InProcessGameServer(limits);
    }
    static void TearDownTestSuite() {
        delete node_;
        node_ = nullptr;
    }

    // Sends `bytes` on a fresh connection (after a guest handshake when asked) and returns the first error.
    static std::optional<ErrorFrame> errorFor(BlockingGameClient& c, std::vector<std::uint8_t> bytes) {
        c.client().sendRaw(std::move(bytes));
        return c.waitFor<ErrorFrame>();
    }
    static void expectAlive(BlockingGameClient& c) {
        c.client().send(Ping{42});
        EXPECT_TRUE(c.waitFor<Pong>([](const Pong& p) { return p.nonce == 42; }));
    }
    static void expectClosed(BlockingGameClient& c) { EXPECT_TRUE(c.waitFor<Disconnected>()); }
    // Joins under a name of its own: a name is refused while the session that held it has not ended, and
    // the server may not have seen the last test's client close yet.
    static void join(BlockingGameClient& c) { c.joinAsGuest("bad" + std::to_string(++joins_)); }

    static InProcessGameServer* node_;
    static inline int joins_ = 0;
};
InProcessGameServer* BadFrames::node_ = nullptr;

constexpr std::uint16_t code(ErrorCode c) {
    return static_cast<std::uint16_t>(c);
}

// An undefined frame type: unknown_type, not fatal.
TEST_F(BadFrames, UnknownType) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    const auto e = errorFor(c, encodeRawFrame(0x42, {1, 2, 3}));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::UnknownType));
    EXPECT_FALSE(e->fatal);
    expectAlive(c);
}

// A payload that ends inside a field: malformed_frame, not fatal (the frame boundary is intact).
TEST_F(BadFrames, TruncatedPayload) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    const auto e = errorFor(c, encodeRawFrame(0x02, {0x01, 0x02}));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::MalformedFrame));
    EXPECT_FALSE(e->fatal);
    expectAlive(c);
}

// A length prefix over the frame limit: frame_too_large, fatal, connection closed.
TEST_F(BadFrames, OversizeLength) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    const auto e = errorFor(c, {0x01, 0x00, 0x01, 0x00, 0x06});  // 65537
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::FrameTooLarge));
    EXPECT_TRUE(e->fatal);
    expectClosed(c);
}

// A zero length prefix (no type byte): frame_too_large, fatal.
TEST_F(BadFrames, ZeroLength) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    const auto e = errorFor(c, {0, 0, 0, 0});
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::FrameTooLarge));
    expectClosed(c);
}

// HELLO with another protocol version: unsupported_version, fatal.
TEST_F(BadFrames, WrongVersion) {
    BlockingGameClient c(node_->clientOptions());
    c.connect(Hello{2, AuthKind::Guest, "a"});
    const auto e = c.waitFor<ErrorFrame>();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::UnsupportedVersion));
    EXPECT_TRUE(e->fatal);
    expectClosed(c);
}

// An action before HELLO: not_authenticated with the request id, not fatal; HELLO still works after.
TEST_F(BadFrames, ActionBeforeHandshake) {
    BlockingGameClient c(node_->clientOptions());
    c.connect(std::nullopt);
    c.client().send(PlaceBlock{5, 1, 1, 1});
    const auto e = c.waitFor<ErrorFrame>();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::NotAuthenticated));
    EXPECT_EQ(e->requestId, 5u);
    EXPECT_FALSE(e->fatal);
    c.client().send(Hello{kProtocolVersion, AuthKind::Guest, "late"});
    EXPECT_TRUE(c.waitFor<Welcome>());
}

// A second HELLO: already_authenticated, not fatal.
TEST_F(BadFrames, SecondHello) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    c.client().send(Hello{kProtocolVersion, AuthKind::Guest, "again"});
    const auto e = c.waitFor<ErrorFrame>();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::AlreadyAuthenticated));
    expectAlive(c);
}

// A bad guest name: auth_failed, fatal.
TEST_F(BadFrames, BadGuestName) {
    BlockingGameClient c(node_->clientOptions());
    c.connect(Hello{kProtocolVersion, AuthKind::Guest, "no spaces allowed"});
    const auto e = c.waitFor<ErrorFrame>();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::AuthFailed));
    expectClosed(c);
}

// Actions over the budget: rate_limited with the request id, not fatal; the burst is served.
TEST_F(BadFrames, ActionFlood) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    for (std::uint64_t i = 1; i <= 5; ++i)
        c.client().send(PlaceBlock{i, 1000, static_cast<std::int32_t>(i), 1});
    for (std::uint64_t i = 1; i <= 3; ++i)
        EXPECT_TRUE(c.waitFor<BlockAck>([i](const BlockAck& a) { return a.requestId == i; })) << i;
    for (std::uint64_t i = 4; i <= 5; ++i) {
        const auto e = c.waitFor<ErrorFrame>([i](const ErrorFrame& f) { return f.requestId == i; });
        ASSERT_TRUE(e) << i;
        EXPECT_EQ(e->code, code(ErrorCode::RateLimited));
        EXPECT_FALSE(e->fatal);
    }
    expectAlive(c);
}

// Frames over the frame budget: flood, fatal.
TEST_F(BadFrames, FrameFlood) {
    BlockingGameClient c(node_->clientOptions());
    join(c);
    for (int i = 0; i < 80; ++i) c.client().send(Ping{static_cast<std::uint64_t>(i)});
    const auto e = c.waitFor<ErrorFrame>();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, code(ErrorCode::Flood));
    EXPECT_TRUE(e->fatal);
    expectClosed(c);
}

// A frame cut off by the client closing: the server just drops the connection.
TEST_F(BadFrames, TruncatedFrameThenClose) {
    const auto before = node_->server().connections();
    {
        BlockingGameClient c(node_->clientOptions());
        join(c);
        c.client().sendRaw({10, 0, 0, 0, 0x06, 1});
    }
    EXPECT_TRUE(mmo::test_wait([&] { return node_->server().connections() <= before; }));
}

// Random garbage gets some error or a close, never a crash.
TEST_F(BadFrames, Garbage) {
    std::mt19937 random(7);
    for (int round = 0; round < 20; ++round) {
        BlockingGameClient c(node_->clientOptions());
        join(c);
        std::vector<std::uint8_t> bytes(200);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
        c.client().sendRaw(bytes);
        EXPECT_TRUE(c.waitForEvent([](const gameclient::ServerEvent& e) {
            return std::holds_alternative<ErrorFrame>(e) || std::holds_alternative<Disconnected>(e);
        }));
    }
}

// After every kind of bad frame (sent again here, so this test stands alone under ctest) a fresh client
// is served, and every error was counted.
TEST_F(BadFrames, FreshClientStillServed) {
    const double errorsBefore = node_->metrics().protocolErrors.value();
    const std::vector<std::vector<std::uint8_t>> bad = {
        encodeRawFrame(0x42, {}),
        encodeRawFrame(0x02, {0x01}),
        {0x01, 0x00, 0x01, 0x00, 0x06},
        {0, 0, 0, 0},
        encodeFrame(ClientMessage{Hello{2, AuthKind::Guest, "a"}}),
        encodeFrame(ClientMessage{PlaceBlock{1, 0, 0, 1}})};
    for (const auto& bytes : bad) {
        BlockingGameClient c(node_->clientOptions());
        c.connect(std::nullopt);
        c.client().sendRaw(bytes);
        ASSERT_TRUE(c.waitFor<ErrorFrame>());
    }
    BlockingGameClient c(node_->clientOptions());
    join(c);
    c.client().send(PlaceBlock{1, -1000, -1000, 5});
    EXPECT_TRUE(c.waitFor<BlockAck>());
    expectAlive(c);
    EXPECT_EQ(node_->metrics().protocolErrors.value(), errorsBefore + static_cast<double>(bad.size()));
}

}  // namespace
}  // namespace mmo::game
