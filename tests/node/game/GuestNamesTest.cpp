// Guest names on the in-process server: account names and names in use are refused with name_taken,
// guests are shown as guest:<name>, and a name is free again once its session ended.
#include <gtest/gtest.h>

#include "tests/node/game/InProcessGameServer.hpp"

namespace mmo::game {
namespace {

using gameclient::BlockingGameClient;
using gameclient::Disconnected;

// Sends a guest HELLO and returns the fatal name_taken error it must get (nullopt otherwise).
std::optional<ErrorFrame> refusedGuest(InProcessGameServer& node, const std::string& name) {
    BlockingGameClient client(node.clientOptions());
    client.connect(Hello{kProtocolVersion, AuthKind::Guest, name});
    auto error = client.waitFor<ErrorFrame>();
    if (!error || error->code != static_cast<std::uint16_t>(ErrorCode::NameTaken) || !error->fatal)
        return std::nullopt;
    EXPECT_TRUE(client.waitFor<Disconnected>());
    return error;
}

// No guest is called like an account, whatever the case of its letters.
TEST(GuestNames, AccountNameIsRefused) {
    InProcessGameServer node;
    for (const auto* name : {"admin", "Admin", "ADMIN"}) {
        const auto error = refusedGuest(node, name);
        ASSERT_TRUE(error) << name;
        EXPECT_NE(error->message.find("belongs to an account"), std::string::npos) << error->message;
    }
    EXPECT_EQ(node.server().playersOnline(), 0u);
    BlockingGameClient admin(node.clientOptions());  // the account itself still logs in
    admin.connect(Hello{kProtocolVersion, AuthKind::Token, "good-token"});
    const auto welcome = admin.waitFor<Welcome>();
    ASSERT_TRUE(welcome);
    EXPECT_EQ(welcome->name, "admin");
}

// A name in use on the node is refused to a guest; after GOODBYE it is free again.
TEST(GuestNames, NameInUseIsRefusedUntilTheSessionEnds) {
    InProcessGameServer node;
    {
        BlockingGameClient ann(node.clientOptions());
        EXPECT_EQ(ann.joinAsGuest("ann").name, "guest:ann");
        const auto error = refusedGuest(node, "ANN");
        ASSERT_TRUE(error);
        EXPECT_NE(error->message.find("is logged in here"), std::string::npos) << error->message;
        ann.client().send(ClientGoodbye{});
        ASSERT_TRUE(ann.waitFor<Disconnected>());
    }
    ASSERT_TRUE(mmo::test_wait([&] { return node.server().connections() == 0; }));
    BlockingGameClient again(node.clientOptions());
    EXPECT_EQ(again.joinAsGuest("ann").name, "guest:ann");
}

// A guest's chat is marked; the account's is not, so the two can never look alike.
TEST(GuestNames, GuestChatIsMarked) {
    InProcessGameServer node;
    BlockingGameClient guest(node.clientOptions()), admin(node.clientOptions()),
        listener(node.clientOptions());
    guest.joinAsGuest("mallory");
    listener.joinAsGuest("lis");
    admin.connect(Hello{kProtocolVersion, AuthKind::Token, "good-token"});
    ASSERT_TRUE(admin.waitFor<Welcome>());
    guest.client().send(ChatSay{"I am the admin"});
    admin.client().send(ChatSay{"no, I am"});
    const auto fromGuest =
        listener.waitFor<ChatMessage>([](const ChatMessage& m) { return m.text == "I am the admin"; });
    const auto fromAdmin =
        listener.waitFor<ChatMessage>([](const ChatMessage& m) { return m.text == "no, I am"; });
    ASSERT_TRUE(fromGuest);
    ASSERT_TRUE(fromAdmin);
    EXPECT_EQ(fromGuest->from, "guest:mallory");
    EXPECT_EQ(fromAdmin->from, "admin");
}

}  // namespace
}  // namespace mmo::game
