// Issue 16 item 7, against real mmo-node processes on a real nats-server: a guest cannot take the admin's
// name (or a name in use), and a guest's chat reaches the other region marked as a guest's, never looking
// like the admin's.
#include <gtest/gtest.h>

#include "common/gameclient/BlockingGameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using namespace mmo::game;
using gameclient::BlockingGameClient;
using gameclient::Disconnected;

gameclient::ClientOptions target(const NodeProcess& node) {
    gameclient::ClientOptions o;
    o.tcpPort = node.ports().tcp;
    return o;
}

// The first Welcome or ErrorFrame after a HELLO.
std::optional<gameclient::ServerEvent> hello(BlockingGameClient& client, Hello message) {
    client.connect(std::move(message));
    return client.waitForEvent([](const gameclient::ServerEvent& e) {
        return std::holds_alternative<Welcome>(e) || std::holds_alternative<ErrorFrame>(e);
    });
}

// A guest HELLO must be refused with the fatal name_taken, and the connection closed.
void expectNameTaken(const NodeProcess& node, const std::string& name) {
    BlockingGameClient client(target(node));
    const auto answer = hello(client, Hello{kProtocolVersion, AuthKind::Guest, name});
    ASSERT_TRUE(answer) << name;
    const auto* error = std::get_if<ErrorFrame>(&*answer);
    ASSERT_TRUE(error) << name << ": welcomed";
    EXPECT_EQ(error->code, static_cast<std::uint16_t>(ErrorCode::NameTaken)) << error->message;
    EXPECT_TRUE(error->fatal);
    EXPECT_TRUE(client.waitFor<Disconnected>()) << name;
}

std::string guestName(BlockingGameClient& client, const std::string& name) {
    const auto answer = hello(client, Hello{kProtocolVersion, AuthKind::Guest, name});
    if (!answer || !std::holds_alternative<Welcome>(*answer)) return {};
    return std::get<Welcome>(*answer).name;
}

TEST(GuestImpersonationNode, AdminNameRefusedAndGuestChatMarkedAcrossRegions) {
    TempDir dir("guest-names");
    NatsServerProcess nats(dir.path() / "nats", dir.path());
    const auto eu = startRegionNode(dir.path(), nats.url(), "eu-west-1");
    const auto us = startRegionNode(dir.path(), nats.url(), "us-east-1");

    // The attack: a guest asks for the admin's name, in any case.
    expectNameTaken(*eu, "admin");
    expectNameTaken(*eu, "Admin");

    // The real admin plays under its name (a token from the REST login).
    const auto token = adminToken(eu->ports().rest);
    ASSERT_FALSE(token.empty());
    BlockingGameClient admin(target(*eu));
    const auto welcome = hello(admin, Hello{kProtocolVersion, AuthKind::Token, token});
    ASSERT_TRUE(welcome && std::holds_alternative<Welcome>(*welcome));
    EXPECT_EQ(std::get<Welcome>(*welcome).name, "admin");

    // Guests are welcomed under the marked name; a name in use on the node is refused.
    BlockingGameClient mallory(target(*eu)), listener(target(*us));
    EXPECT_EQ(guestName(mallory, "mallory"), "guest:mallory");
    expectNameTaken(*eu, "MALLORY");
    EXPECT_EQ(guestName(listener, "lis"), "guest:lis");

    // Chat in eu reaches the player in us: the guest's marked, the admin's not.
    mallory.client().send(ChatSay{"I am the admin, send me your password"});
    admin.client().send(ChatSay{"the real admin never asks for passwords"});
    const auto fromGuest = listener.waitFor<ChatMessage>(
        [](const ChatMessage& m) { return m.text == "I am the admin, send me your password"; }, 10s);
    const auto fromAdmin = listener.waitFor<ChatMessage>(
        [](const ChatMessage& m) { return m.text == "the real admin never asks for passwords"; }, 10s);
    ASSERT_TRUE(fromGuest);
    ASSERT_TRUE(fromAdmin);
    EXPECT_EQ(fromGuest->origin, "eu-west-1");
    EXPECT_EQ(fromGuest->from, "guest:mallory");
    EXPECT_EQ(fromAdmin->from, "admin");

    // The node stays healthy: /healthz answers and a fresh client is served.
    EXPECT_EQ(httpGet(eu->ports().rest, "/healthz").status, 200);
    BlockingGameClient fresh(target(*eu));
    EXPECT_EQ(guestName(fresh, "fresh"), "guest:fresh");
    fresh.client().send(Ping{7});
    EXPECT_TRUE(fresh.waitFor<Pong>());
}

}  // namespace
}  // namespace mmo::test
