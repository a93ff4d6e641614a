// The per-session UDP endpoint check (node/game/EndpointVerification): which endpoint gets POSITIONS, when
// a CHALLENGE goes out, and which VERIFY counts. Pure logic with a fake clock and nonce source.
#include <gtest/gtest.h>

#include "node/game/EndpointVerification.hpp"

namespace mmo::game {
namespace {

using namespace std::chrono_literals;
using Endpoint = EndpointVerification::Endpoint;

const Endpoint kHome(boost::asio::ip::make_address("127.0.0.1"), 40000);
const Endpoint kElsewhere(boost::asio::ip::make_address("127.0.0.2"), 40000);
const Endpoint kOtherPort(boost::asio::ip::make_address("127.0.0.1"), 40001);
constexpr auto kInterval = 500ms;

struct Fixture {
    EndpointVerification check;
    EndpointVerification::TimePoint now{};
    std::uint64_t nextNonce = 100;

    std::optional<EndpointVerification::Challenge> position(const Endpoint& from) {
        return check.onPosition(from, now, kInterval, [this] { return nextNonce++; });
    }
};

// A new session has no verified endpoint: its first POSITION gets a challenge, and the echo from that
// endpoint verifies it.
TEST(EndpointVerification, ChallengeThenVerify) {
    Fixture f;
    EXPECT_FALSE(f.check.verified());
    const auto challenge = f.position(kHome);
    ASSERT_TRUE(challenge);
    EXPECT_EQ(challenge->to, kHome);
    EXPECT_EQ(challenge->nonce, 100u);
    EXPECT_TRUE(f.check.onVerify(kHome, 100));
    EXPECT_EQ(f.check.verified(), kHome);
    EXPECT_FALSE(f.position(kHome)) << "a verified endpoint is never challenged again";
    EXPECT_TRUE(f.check.onVerify(kHome, 100)) << "a repeated VERIFY of the same challenge is harmless";
}

// The echo must come from the challenged endpoint with its nonce: the nonce sent elsewhere, a wrong nonce
// or another port of the same address verify nothing.
TEST(EndpointVerification, EchoMustMatchEndpointAndNonce) {
    Fixture f;
    ASSERT_TRUE(f.position(kHome));
    EXPECT_FALSE(f.check.onVerify(kHome, 101));
    EXPECT_FALSE(f.check.onVerify(kElsewhere, 100));
    EXPECT_FALSE(f.check.onVerify(kOtherPort, 100));
    EXPECT_FALSE(f.check.verified());
}

// At most one challenge per interval for the whole session, whatever endpoints ask; the nonce stays the
// same while the challenged endpoint does, and a new endpoint gets a new one.
TEST(EndpointVerification, ChallengesAreRateLimited) {
    Fixture f;
    ASSERT_TRUE(f.position(kHome));
    f.now += 100ms;
    EXPECT_FALSE(f.position(kHome));
    EXPECT_FALSE(f.position(kElsewhere));
    f.now += kInterval;
    const auto again = f.position(kHome);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->nonce, 100u);
    f.now += kInterval;
    const auto other = f.position(kElsewhere);
    ASSERT_TRUE(other);
    EXPECT_EQ(other->nonce, 101u);
    EXPECT_FALSE(f.check.onVerify(kHome, 100)) << "the earlier challenge was replaced";
    EXPECT_TRUE(f.check.onVerify(kElsewhere, 101));
}

// A new endpoint (NAT rebinding, or a forged source address) must verify again; until it does, the
// verified endpoint keeps it, so an unverified datagram never redirects the positions.
TEST(EndpointVerification, EndpointChangeNeedsVerificationAgain) {
    Fixture f;
    ASSERT_TRUE(f.position(kHome));
    ASSERT_TRUE(f.check.onVerify(kHome, 100));
    f.now += kInterval;
    const auto challenge = f.position(kElsewhere);
    ASSERT_TRUE(challenge);
    EXPECT_EQ(challenge->to, kElsewhere);
    EXPECT_EQ(f.check.verified(), kHome);
    EXPECT_FALSE(f.check.onVerify(kElsewhere, 100)) << "the old nonce does not verify a new endpoint";
    EXPECT_EQ(f.check.verified(), kHome);
    EXPECT_TRUE(f.check.onVerify(kElsewhere, challenge->nonce));
    EXPECT_EQ(f.check.verified(), kElsewhere);
    EXPECT_FALSE(f.check.isVerified(kHome));
}

}  // namespace
}  // namespace mmo::game
