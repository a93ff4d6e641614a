#include <gtest/gtest.h>

#include "common/world/BlockTypeRegistry.hpp"

namespace mmo::world {
namespace {

// The ids on the wire are fixed: air=0 ... wood=6, and the later types after them.
TEST(BlockTypeRegistry, WireIdsAreStable) {
    const BlockTypeRegistry types;
    const char* expected[] = {"air",   "stone", "dirt",        "grass",  "sand",   "water", "wood", "leaves",
                              "glass", "brick", "cobblestone", "planks", "gravel", "snow",  "ice",  "lava"};
    ASSERT_EQ(types.all().size(), std::size(expected));
    for (std::uint16_t id = 0; id < std::size(expected); ++id) {
        EXPECT_EQ(types.idOf(expected[id]), id);
        EXPECT_EQ(types.nameOf(id), expected[id]);
    }
}

// Unknown names and ids are not found; unknown ids still have a display name.
TEST(BlockTypeRegistry, UnknownNamesAndIds) {
    const BlockTypeRegistry types;
    EXPECT_EQ(types.idOf("Stone"), std::nullopt);
    EXPECT_EQ(types.idOf("diamond"), std::nullopt);
    EXPECT_EQ(types.nameOf(999), std::nullopt);
    EXPECT_EQ(types.displayName(999), "unknown:999");
    EXPECT_EQ(types.displayName(1), "stone");
}

// The names list, for error messages, starts with the guide's types in id order.
TEST(BlockTypeRegistry, NamesListInIdOrder) {
    EXPECT_EQ(BlockTypeRegistry().namesList().rfind("air, stone, dirt, grass, sand, water, wood", 0), 0u);
}

}  // namespace
}  // namespace mmo::world
