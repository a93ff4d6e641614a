#include <gtest/gtest.h>

#include <stdexcept>

#include "common/regions/RegionId.hpp"

namespace mmo::regions {
namespace {

// The guide's three aliases expand to its region ids and back.
TEST(RegionId, AliasesExpandToGuideIds) {
    EXPECT_EQ(expandAlias("eu"), "eu-west-1");
    EXPECT_EQ(expandAlias("us"), "us-east-1");
    EXPECT_EQ(expandAlias("ap"), "ap-south-1");
    EXPECT_EQ(aliasOf("ap-south-1"), "ap");
    EXPECT_EQ(aliasOf("sa-east-1"), std::nullopt);
}

// Any other valid id passes through unchanged.
TEST(RegionId, UnknownValidIdIsKept) {
    EXPECT_EQ(expandAlias("sa-east-1"), "sa-east-1");
}

// The id rule is [a-z0-9][a-z0-9-]{0,31}.
TEST(RegionId, ValidatesIdRule) {
    EXPECT_TRUE(isValidRegionId("eu-west-1"));
    EXPECT_TRUE(isValidRegionId("a"));
    EXPECT_TRUE(isValidRegionId(std::string(32, 'x')));
    EXPECT_FALSE(isValidRegionId(std::string(33, 'x')));
    EXPECT_FALSE(isValidRegionId(""));
    EXPECT_FALSE(isValidRegionId("-eu"));
    EXPECT_FALSE(isValidRegionId("EU"));
    EXPECT_FALSE(isValidRegionId("eu_west"));
    EXPECT_FALSE(isValidRegionId("eu.west"));
}

// A region list keeps its order and expands aliases.
TEST(RegionId, ParsesListInOrder) {
    EXPECT_EQ(parseRegionList("eu,us,ap"),
              (std::vector<std::string>{"eu-west-1", "us-east-1", "ap-south-1"}));
    EXPECT_EQ(parseRegionList("ap,sa-east-1"), (std::vector<std::string>{"ap-south-1", "sa-east-1"}));
}

// Bad lists name the bad entry.
TEST(RegionId, RejectsBadLists) {
    EXPECT_THROW(parseRegionList(""), std::invalid_argument);
    EXPECT_THROW(parseRegionList("eu,,us"), std::invalid_argument);
    EXPECT_THROW(parseRegionList("eu,"), std::invalid_argument);
    try {
        parseRegionList("eu,Bad!");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("Bad!"), std::string::npos);
    }
}

// An alias and its full id are the same region, so listing both is a repeat.
TEST(RegionId, RejectsRepeatedRegionEvenViaAlias) {
    try {
        parseRegionList("eu,eu-west-1");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("listed twice"), std::string::npos);
    }
}

}  // namespace
}  // namespace mmo::regions
