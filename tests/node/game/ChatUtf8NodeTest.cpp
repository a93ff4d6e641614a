// Issue 17 item 9, against real mmo-node processes on a real nats-server: chat that is not well-formed
// UTF-8 is answered with ERROR invalid_argument (byte for byte) and never reaches the bus: the sender's
// next chat is the first one every region hears, and no region logs a dropped message.
#include <gtest/gtest.h>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/FrameDecoder.hpp"
#include "tests/node/game/RawGameConnection.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"

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
using game::test::rawString;
using gameclient::BlockingGameClient;

gameclient::ClientOptions target(const NodeProcess& node) {
    gameclient::ClientOptions o;
    o.tcpPort = node.ports().tcp;
    return o;
}

// The text of a CHAT_MESSAGE frame (prefix included), nullopt for any other frame.
std::optional<std::string> chatText(const std::vector<std::uint8_t>& frame) {
    if (frame.size() < 5 || frame[4] != 0x85) return std::nullopt;
    auto decoded = decodeServerPayload(frame[4], std::span(frame).subspan(5));
    if (!std::holds_alternative<ServerMessage>(decoded)) return std::nullopt;
    return std::get<ChatMessage>(std::get<ServerMessage>(decoded)).text;
}

TEST(ChatUtf8Node, ChatThatIsNotUtf8IsRefusedAndNeverReachesTheBus) {
    TempDir dir("chat-utf8");
    NatsServerProcess nats(dir.path() / "nats", dir.path());
    const auto eu = startRegionNode(dir.path(), nats.url(), "eu-west-1");
    const auto us = startRegionNode(dir.path(), nats.url(), "us-east-1");

    BlockingGameClient listener(target(*us));
    listener.joinAsGuest("lis");
    RawGameConnection sender(eu->ports().tcp);
    sender.send(rawHello(0, "sender"));
    const auto welcome = sender.readFrame();
    ASSERT_TRUE(welcome && (*welcome)[4] == 0x81);

    const std::vector<std::string> bad = {
        "\xff\xfe\xfd",      // bytes that never occur in UTF-8
        "\xc0\xaf",          // an overlong '/'
        "\xed\xa0\x80",      // a surrogate (U+D800)
        "hi \xe2\x82",       // a truncated sequence (the euro sign without its last byte)
        "\xf4\x90\x80\x80",  // past U+10FFFF
        "caf\xc3\xa9\x80",   // a stray continuation byte after a well-formed one
    };
    for (const auto& text : bad) {
        sender.send(rawFrame(0x05, rawString(text)));
        const auto frame = sender.readFrame();
        ASSERT_TRUE(frame) << hex({text.begin(), text.end()}) << ": no answer";
        // ERROR invalid_argument (11), request id 0 (CHAT carries none), not fatal, then the message.
        EXPECT_TRUE(isErrorFrame(*frame, rawErrorHead(11, {0x00}, false)))
            << hex({text.begin(), text.end()}) << ": " << hex(*frame);
    }

    // The next chat, well-formed, is the first one anyone hears, in both regions.
    const std::string marker = "caf\xc3\xa9 \xe2\x82\xac";  // café €
    sender.send(rawFrame(0x05, rawString(marker)));
    const auto own = sender.readFrame(10s);
    ASSERT_TRUE(own);
    EXPECT_EQ(chatText(*own), marker) << hex(*own);
    const auto heard = listener.waitFor<ChatMessage>({}, 10s);
    ASSERT_TRUE(heard);
    EXPECT_EQ(heard->text, marker);
    EXPECT_EQ(heard->origin, "eu-west-1");
    EXPECT_EQ(heard->from, "guest:sender");

    for (const auto* node : {eu.get(), us.get()})
        EXPECT_EQ(node->log().find("dropped a malformed"), std::string::npos) << node->log();
}

}  // namespace
}  // namespace mmo::test
