// validUtf8 and the error bodies that use it: client bytes that are not UTF-8 never make invalid JSON.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "common/http/Responses.hpp"
#include "common/http/Utf8Text.hpp"

namespace mmo::http {
namespace {

// Well-formed UTF-8 (ASCII, 2-, 3- and 4-byte sequences) passes unchanged.
TEST(Utf8Text, KeepsWellFormedText) {
    const std::string text = "path /\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
    EXPECT_EQ(validUtf8(text), text);
}

// Stray, truncated, overlong and surrogate sequences become U+FFFD, one per bad byte.
TEST(Utf8Text, ReplacesMalformedBytes) {
    EXPECT_EQ(validUtf8("/\xe9"
                        "ealthz"),
              "/\xef\xbf\xbd"
              "ealthz");                                                           // Latin-1 byte
    EXPECT_EQ(validUtf8("\xc3"), "\xef\xbf\xbd");                                  // truncated
    EXPECT_EQ(validUtf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
    EXPECT_EQ(validUtf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
    EXPECT_EQ(validUtf8("\xf4\x90\x80\x80x"),
              "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx");  // > U+10FFFF
}

// A 404 for a path with a non-UTF-8 byte is still valid JSON (found by the http_request fuzzer).
TEST(Utf8Text, ErrorResponseIsValidJsonForAnyMessage) {
    const auto response =
        errorResponse(boost::beast::http::status::not_found, "not_found", "no route for /\xe9");
    boost::system::error_code error;
    boost::json::parse(response.body(), error);
    EXPECT_FALSE(error) << error.message();
}

}  // namespace
}  // namespace mmo::http
