#include <gtest/gtest.h>
#include <sodium.h>

#include "node/auth/PasswordHasher.hpp"

namespace mmo::auth {
namespace {

PasswordHasher fastHasher() {
    return PasswordHasher(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

// A hash is an argon2id string that verifies the password it was made from.
TEST(PasswordHasherTest, HashIsArgon2idAndVerifiesItsPassword) {
    const auto hasher = fastHasher();
    const std::string hashed = hasher.hash("s3cret-pass");
    EXPECT_EQ(hashed.rfind("$argon2id$", 0), 0u) << hashed;
    EXPECT_TRUE(hasher.verify(hashed, "s3cret-pass"));
}

// A different password does not verify.
TEST(PasswordHasherTest, WrongPasswordDoesNotVerify) {
    const auto hasher = fastHasher();
    const std::string hashed = hasher.hash("s3cret-pass");
    EXPECT_FALSE(hasher.verify(hashed, "s3cret-pasS"));
    EXPECT_FALSE(hasher.verify(hashed, ""));
}

// Two hashes of one password differ (random salt) and both verify.
TEST(PasswordHasherTest, HashesAreSalted) {
    const auto hasher = fastHasher();
    const std::string a = hasher.hash("pw");
    const std::string b = hasher.hash("pw");
    EXPECT_NE(a, b);
    EXPECT_TRUE(hasher.verify(a, "pw"));
    EXPECT_TRUE(hasher.verify(b, "pw"));
}

// A garbage hash string verifies nothing instead of crashing.
TEST(PasswordHasherTest, GarbageHashVerifiesNothing) {
    EXPECT_FALSE(fastHasher().verify("not-a-hash", "pw"));
}

// Limits under libsodium's minimum are refused at construction.
TEST(PasswordHasherTest, LimitsBelowMinimumAreRefused) {
    EXPECT_THROW(PasswordHasher(0, crypto_pwhash_MEMLIMIT_MIN), std::invalid_argument);
}

}  // namespace
}  // namespace mmo::auth
