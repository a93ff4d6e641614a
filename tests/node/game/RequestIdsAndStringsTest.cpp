// Issue 17 items 9 (client side), 10 and 11, byte by byte as docs/protocol.md writes them, against a game
// server on loopback: every readable request id is echoed, request id 0 is refused, a string is bounded
// only by its frame and each field's own rule gives its own error, and text must be UTF-8.
#include <gtest/gtest.h>

#include "tests/node/game/InProcessGameServer.hpp"
#include "tests/node/game/RawGameConnection.hpp"

namespace mmo::game {
namespace {

using namespace std::chrono_literals;
using test::hex;
using test::isErrorFrame;
using test::rawErrorHead;
using test::rawFrame;
using test::RawGameConnection;
using test::rawHello;
using test::rawString;

constexpr std::uint16_t kMalformed = 1, kNotAuthenticated = 5, kAuthFailed = 7, kInvalidArgument = 11;

class RequestIdsAndStrings : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { node_ = new InProcessGameServer(); }
    static void TearDownTestSuite() {
        delete node_;
        node_ = nullptr;
    }

    static std::unique_ptr<RawGameConnection> connect() {
        return std::make_unique<RawGameConnection>(node_->clientOptions().tcpPort);
    }
    // A guest of its own name, past WELCOME (0x81).
    static std::unique_ptr<RawGameConnection> joined() {
        auto c = connect();
        c->send(rawHello(0, "raw" + std::to_string(++joins_)));
        const auto welcome = c->readFrame();
        EXPECT_TRUE(welcome && welcome->size() > 4 && (*welcome)[4] == 0x81);
        return c;
    }
    // PING 7 is answered by PONG 7, and nothing else came first.
    static void expectPongNext(RawGameConnection& c) {
        c.send(rawFrame(0x06, {7, 0, 0, 0, 0, 0, 0, 0}));
        const auto pong = c.readFrame();
        ASSERT_TRUE(pong);
        EXPECT_EQ(*pong, (std::vector<std::uint8_t>{9, 0, 0, 0, 0x86, 7, 0, 0, 0, 0, 0, 0, 0})) << hex(*pong);
    }
    // The next frame is ERROR with this head (code, request id bytes, fatal).
    static void expectError(RawGameConnection& c, std::uint16_t code, const std::vector<std::uint8_t>& id,
                            bool fatal, const std::string& what) {
        const auto frame = c.readFrame();
        ASSERT_TRUE(frame) << what << ": no answer";
        EXPECT_TRUE(isErrorFrame(*frame, rawErrorHead(code, id, fatal)))
            << what << ": " << hex(*frame) << " (" << std::string(frame->begin() + 4, frame->end()) << ")";
    }
    static std::vector<std::uint8_t> chat(const std::string& text) { return rawFrame(0x05, rawString(text)); }

    static InProcessGameServer* node_;
    static inline int joins_ = 0;
};
InProcessGameServer* RequestIdsAndStrings::node_ = nullptr;

// Item 11: a PLACE_BLOCK or BREAK_BLOCK that fails to decode after its request id echoes that id; only a
// frame whose id itself is unreadable gets 0. The connection stays usable (malformed_frame is not fatal).
TEST_F(RequestIdsAndStrings, MalformedWriteEchoesItsReadableRequestId) {
    struct Case {
        const char* what;
        std::uint8_t type;
        std::vector<std::uint8_t> payload;
        std::vector<std::uint8_t> id;  // as echoed (varint bytes)
    };
    const std::vector<Case> cases = {
        {"PLACE cut after x", 0x02, {0x2a, 0x0a}, {0x2a}},
        {"PLACE id 300 cut before the type", 0x02, {0xac, 0x02, 0x0a, 0x03}, {0xac, 0x02}},
        {"PLACE block type 65536", 0x02, {0x2a, 0x0a, 0x03, 0x80, 0x80, 0x04}, {0x2a}},
        {"PLACE with a trailing byte", 0x02, {0x2a, 0x0a, 0x03, 0x02, 0xff}, {0x2a}},
        {"PLACE x past int32", 0x02, {0x2a, 0x80, 0x80, 0x80, 0x80, 0x10, 0x03, 0x02}, {0x2a}},
        {"BREAK cut after x", 0x03, {0x07, 0x0a}, {0x07}},
        {"PLACE id cut inside its varint", 0x02, {0x80}, {0x00}},
        {"PLACE id over 64 bits", 0x02, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}, {0x00}},
    };
    for (const auto& k : cases) {
        auto c = joined();
        c->send(rawFrame(k.type, k.payload));
        expectError(*c, kMalformed, k.id, false, k.what);
        expectPongNext(*c);
    }
}

// Item 11: request id 0 is reserved for errors about no request; a write with it is refused with
// invalid_argument (request id 0, not fatal) and not done. Before HELLO, not_authenticated comes first.
TEST_F(RequestIdsAndStrings, RequestIdZeroIsRefusedAndNotWritten) {
    auto c = joined();
    c->send(rawFrame(0x02, {0x00, 0x0a, 0x03, 0x02}));  // PLACE id 0 at (5, -2), dirt
    expectError(*c, kInvalidArgument, {0x00}, false, "PLACE id 0");
    c->send(rawFrame(0x03, {0x00, 0x0a, 0x03}));  // BREAK id 0
    expectError(*c, kInvalidArgument, {0x00}, false, "BREAK id 0");
    expectPongNext(*c);
    EXPECT_EQ(node_->world().get(5, -2).type, 0) << "a write with request id 0 was done";

    c->send(rawFrame(0x02, {0x01, 0x0a, 0x03, 0x02}));  // the same write with id 1 is acked with 1
    const auto ack = c->readFrame();
    ASSERT_TRUE(ack);
    ASSERT_EQ(ack->size(), 4u + 10u) << hex(*ack);
    EXPECT_EQ((std::vector<std::uint8_t>(ack->begin(), ack->begin() + 6)),
              (std::vector<std::uint8_t>{0x0a, 0, 0, 0, 0x82, 0x01}))
        << hex(*ack);
    EXPECT_EQ(node_->world().get(5, -2).type, 2);

    auto early = connect();
    early->send(rawFrame(0x02, {0x00, 0x0a, 0x03, 0x02}));
    expectError(*early, kNotAuthenticated, {0x00}, false, "PLACE id 0 before HELLO");
}

// Item 10: chat text is bounded by its frame only; its own rule (1..max_chat_bytes) answers every length
// with invalid_argument, 257 bytes as 4,097 or 60,000; a length past the frame's bytes is malformed_frame.
TEST_F(RequestIdsAndStrings, ChatLengthsGetInvalidArgumentWhateverTheLength) {
    auto c = joined();
    for (const std::size_t length :
         {std::size_t{0}, std::size_t{257}, std::size_t{4096}, std::size_t{4097}, std::size_t{60000}}) {
        c->send(chat(std::string(length, 'a')));
        expectError(*c, kInvalidArgument, {0x00}, false, std::to_string(length) + "-byte chat");
    }
    c->send(rawFrame(0x05, {0x0a, 0x68, 0x69}));  // says 10 bytes, holds 2
    expectError(*c, kMalformed, {0x00}, false, "chat string past its frame");
    expectPongNext(*c);

    c->send(chat(std::string(256, 'a')));  // the limit itself is fine
    const auto heard = c->readFrame();
    ASSERT_TRUE(heard);
    EXPECT_EQ((*heard)[4], 0x85) << hex(*heard);
}

// Item 10: the HELLO credential's rule (at most 4096 bytes; a guest name 1-32 of A-Z a-z 0-9 _ -) gives
// auth_failed, fatal, at 4,096 bytes as at 4,097 or 60,000: never a non-fatal malformed_frame.
TEST_F(RequestIdsAndStrings, LongCredentialsGetAuthFailedFatal) {
    struct Case {
        std::uint8_t auth;
        std::size_t length;
    };
    for (const auto& k : {Case{1, 4096}, Case{1, 4097}, Case{1, 60000}, Case{0, 33}, Case{0, 4097}}) {
        const auto what =
            std::string(k.auth ? "token" : "guest name") + " of " + std::to_string(k.length) + " bytes";
        auto c = connect();
        c->send(rawHello(k.auth, std::string(k.length, 'a')));
        expectError(*c, kAuthFailed, {0x00}, true, what);
        EXPECT_TRUE(c->waitClosed(5s)) << what;
    }
}

// Item 9: every client text is UTF-8. A chat that is not (a bad lead byte, an overlong form, a surrogate, a
// code point past U+10FFFF, a cut sequence, a stray continuation) is invalid_argument, not fatal, and is
// said nowhere: the next frame is the PONG, not a CHAT_MESSAGE. Well-formed text of any script passes.
TEST_F(RequestIdsAndStrings, ChatThatIsNotUtf8IsRefused) {
    auto c = joined();
    for (const std::string& bad :
         {std::string("\xff\xfe\xfd"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
          std::string("\xf4\x90\x80\x80"), std::string("ok\xe2\x82"), std::string("a\x80"),
          std::string("\xe0\x80\xaf")}) {
        c->send(chat(bad));
        expectError(*c, kInvalidArgument, {0x00}, false, "chat " + hex({bad.begin(), bad.end()}));
    }
    expectPongNext(*c);

    const std::string good = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9d\x84\x9e";  // héllo € and a G clef
    c->send(chat(good));
    const auto heard = c->readFrame();
    ASSERT_TRUE(heard);
    EXPECT_EQ((*heard)[4], 0x85) << hex(*heard);
    const std::string bytes(heard->begin(), heard->end());
    EXPECT_NE(bytes.find(std::string(1, static_cast<char>(good.size())) + good), std::string::npos)
        << hex(*heard);
}

// Item 9: a token or guest name that is not UTF-8 is a bad credential: auth_failed, fatal.
TEST_F(RequestIdsAndStrings, CredentialThatIsNotUtf8IsAuthFailed) {
    for (const std::uint8_t auth : {std::uint8_t{0}, std::uint8_t{1}}) {
        auto c = connect();
        c->send(rawHello(auth, "\xff\xfe\xfd"));
        expectError(*c, kAuthFailed, {0x00}, true, auth ? "token" : "guest name");
        EXPECT_TRUE(c->waitClosed(5s));
    }
}

}  // namespace
}  // namespace mmo::game
