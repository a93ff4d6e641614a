#include <gtest/gtest.h>

#include "common/codec/HybridLogicalClock.hpp"
#include "common/world/World.hpp"
#include "common/world/WorldDigest.hpp"

namespace mmo::world {
namespace {

using Hlc = codec::HybridLogicalClock;

// The documented test vectors (docs/sync-wire-format.md, "World digest") hold, computed independently.
TEST(WorldDigest, MatchesDocumentedVectors) {
    EXPECT_EQ(WorldDigest::toHex(WorldDigest::regionHash("eu-west-1")), "1c1ee28d779e6ecb");
    World world;
    world.apply(codec::BlockChange{100, 50, 1, Hlc::pack(1'700'000'000'100, 0), "eu-west-1"});
    EXPECT_EQ(world.digestHex(), "f14b462b2671f6f9");
    world.apply(codec::BlockChange{-3, 50, 6, Hlc::pack(1'700'000'000'105, 2), "us-east-1"});
    EXPECT_EQ(world.digestHex(), "59cca61dba70be35");
}

// The empty world's digest is sixteen zeros.
TEST(WorldDigest, EmptyIsZero) {
    EXPECT_EQ(WorldDigest().hex(), "0000000000000000");
}

// Adding then removing a cell hash returns the digest to where it was.
TEST(WorldDigest, RemoveUndoesAdd) {
    WorldDigest digest;
    digest.add(12345);
    const auto before = digest.value();
    digest.add(WorldDigest::cellHash(1, 2, 3, 4, 5));
    digest.remove(WorldDigest::cellHash(1, 2, 3, 4, 5));
    EXPECT_EQ(digest.value(), before);
}

}  // namespace
}  // namespace mmo::world
