// The UTF-8 rule of every protocol string (docs/protocol.md, "Strings"): RFC 3629, at its edges.
#include <gtest/gtest.h>

#include <string>

#include "common/text/Utf8.hpp"

namespace mmo::text {
namespace {

TEST(Utf8, WellFormedTextAtEveryBoundary) {
    for (const std::string& text : {
             std::string(),
             std::string("plain ascii \x7f"),
             std::string("\xc2\x80 \xdf\xbf"),  // U+0080, U+07FF
             std::string(
                 "\xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbf"),  // U+0800, U+D7FF, U+E000, U+FFFF
             std::string("\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf"),            // U+10000, U+10FFFF
             std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e"),
             std::string("nul \0 inside", 12),
         }) {
        EXPECT_TRUE(isValidUtf8(text)) << text;
        EXPECT_EQ(validUtf8Prefix(text), text.size());
    }
}

TEST(Utf8, MalformedTextAndWhereItStops) {
    struct Case {
        std::string text;
        std::size_t validPrefix;
    };
    for (const auto& c : {
             Case{"\xff\xfe\xfd", 0},      // never in UTF-8
             Case{"\xc0\xaf", 0},          // overlong '/'
             Case{"\xc1\xbf", 0},          // overlong
             Case{"\xe0\x9f\xbf", 0},      // overlong three-byte form
             Case{"\xf0\x8f\xbf\xbf", 0},  // overlong four-byte form
             Case{"ab\xed\xa0\x80", 2},    // surrogate U+D800
             Case{"\xed\xbf\xbf", 0},      // surrogate U+DFFF
             Case{"\xf4\x90\x80\x80", 0},  // past U+10FFFF
             Case{"\xf5\x80\x80\x80", 0},  // lead byte past U+10FFFF
             Case{"ok\xe2\x82", 2},        // truncated at the end
             Case{"\xe2\x82"
                  "a",
                  0},                     // truncated in the middle
             Case{"caf\xc3\xa9\x80", 5},  // stray continuation byte
             Case{"\xc3", 0},             // lone lead byte
         }) {
        EXPECT_FALSE(isValidUtf8(c.text));
        EXPECT_EQ(validUtf8Prefix(c.text), c.validPrefix);
    }
}

}  // namespace
}  // namespace mmo::text
