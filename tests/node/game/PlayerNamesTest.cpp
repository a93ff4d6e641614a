// Guest names: what a guest may call itself, how it is shown, and which names it may not take.
#include <gtest/gtest.h>

#include "node/game/PlayerNames.hpp"

namespace mmo::game {
namespace {

TEST(GuestName, OneToThirtyTwoPlainCharacters) {
    EXPECT_TRUE(validGuestName("ann"));
    EXPECT_TRUE(validGuestName("A_b-9"));
    EXPECT_TRUE(validGuestName(std::string(32, 'x')));
    EXPECT_FALSE(validGuestName(""));
    EXPECT_FALSE(validGuestName(std::string(33, 'x')));
    EXPECT_FALSE(validGuestName("guest:admin"));  // no guest can write the prefix itself
    EXPECT_FALSE(validGuestName("ann bob"));
    EXPECT_FALSE(validGuestName("\xc3\xa4"));  // non-ASCII: no look-alike letters
}

TEST(GuestName, ShownWithThePrefix) {
    EXPECT_EQ(guestDisplayName("ann"), "guest:ann");
    EXPECT_EQ(nameKey("AdMiN"), "admin");
}

// Account names are reserved for ever, in any case.
TEST(NameRegistry, AccountNamesAreReserved) {
    NameRegistry names({"admin", "Root"});
    EXPECT_EQ(names.claimGuest(1, "admin"), NameRegistry::Claim::ReservedForAccount);
    EXPECT_EQ(names.claimGuest(2, "ADMIN"), NameRegistry::Claim::ReservedForAccount);
    EXPECT_EQ(names.claimGuest(3, "root"), NameRegistry::Claim::ReservedForAccount);
    EXPECT_EQ(names.claimGuest(4, "administrator"), NameRegistry::Claim::Taken);
}

// A name in use on the node is refused to a guest until its session releases it.
TEST(NameRegistry, NamesInUseUntilReleased) {
    NameRegistry names({"admin"});
    EXPECT_EQ(names.claimGuest(1, "ann"), NameRegistry::Claim::Taken);
    EXPECT_EQ(names.claimGuest(2, "Ann"), NameRegistry::Claim::InUse);
    names.release(2);  // refused sessions hold nothing
    EXPECT_EQ(names.claimGuest(3, "ann"), NameRegistry::Claim::InUse);
    names.release(1);
    EXPECT_EQ(names.claimGuest(3, "ann"), NameRegistry::Claim::Taken);
}

// Token players are the account itself: never refused, also twice; their name is in use meanwhile.
TEST(NameRegistry, AccountSessionsHoldTheirName) {
    NameRegistry names({});
    names.claimAccount(1, "bob");
    names.claimAccount(2, "bob");
    EXPECT_EQ(names.claimGuest(3, "bob"), NameRegistry::Claim::InUse);
    names.release(1);
    EXPECT_EQ(names.claimGuest(3, "bob"), NameRegistry::Claim::InUse);
    names.release(2);
    EXPECT_EQ(names.claimGuest(3, "bob"), NameRegistry::Claim::Taken);
}

}  // namespace
}  // namespace mmo::game
