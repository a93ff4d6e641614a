#include <gtest/gtest.h>

#include "common/config/DidYouMean.hpp"
#include "common/config/NatsUrl.hpp"
#include "common/config/NestingScan.hpp"
#include "common/config/ValueText.hpp"

namespace mmo::config {
namespace {
using namespace detail;

// Edit distance counts an adjacent swap as one edit and ignores case.
TEST(ConfigHelpers, EditDistance) {
    EXPECT_EQ(editDistance("batchsize", "batch_size"), 1u);
    EXPECT_EQ(editDistance("sevrer", "server"), 1u);
    EXPECT_EQ(editDistance("SERVER", "server"), 0u);
    EXPECT_EQ(editDistance("", "abc"), 3u);
}

// Suggestions only come for likely typos.
TEST(ConfigHelpers, ClosestMatch) {
    const std::vector<std::string> sections{"eventbus", "sync", "server", "auth", "storage", "log"};
    EXPECT_EQ(closestMatch("servr", sections), "server");
    EXPECT_EQ(closestMatch("strage", sections), "storage");
    EXPECT_EQ(closestMatch("database", sections), std::nullopt);
    EXPECT_EQ(closestMatch(std::string(1000, 'a'), sections), std::nullopt);
}

// Integers are strict decimal; numbers are finite.
TEST(ConfigHelpers, ScalarParsing) {
    EXPECT_EQ(parseInteger(" 42 "), 42);
    EXPECT_EQ(parseInteger("+7"), 7);
    EXPECT_EQ(parseInteger("-1"), -1);
    EXPECT_EQ(parseInteger("1.0"), std::nullopt);
    EXPECT_EQ(parseInteger("99999999999999999999"), std::nullopt);
    EXPECT_EQ(parseInteger("0x10"), std::nullopt);
    EXPECT_EQ(parseNumber("0.05"), 0.05);
    EXPECT_EQ(parseNumber("1e-2"), 0.01);
    EXPECT_EQ(parseNumber("nan"), std::nullopt);
    EXPECT_EQ(parseNumber("1e999"), std::nullopt);
    EXPECT_EQ(parseBool("On"), true);
    EXPECT_EQ(parseBool("1"), std::nullopt);
}

// YAML quoting escapes what must be escaped.
TEST(ConfigHelpers, YamlQuote) {
    EXPECT_EQ(yamlQuote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\x01\"");
    EXPECT_EQ(formatNumber(3.0), "3");
    EXPECT_EQ(formatNumber(0.05), "0.05");
}

// NATS URL lists: default port, IPv6, credentials, tls.
TEST(ConfigHelpers, NatsUrls) {
    const auto parsed = parseNatsUrlList("nats://a, tls://u:p@[::1]:4223 ,nats://10.0.0.1:5000/");
    const auto* urls = std::get_if<std::vector<NatsServerUrl>>(&parsed);
    ASSERT_NE(urls, nullptr);
    ASSERT_EQ(urls->size(), 3u);
    EXPECT_EQ((*urls)[0].port, 4222);
    EXPECT_EQ((*urls)[1].host, "::1");
    EXPECT_EQ((*urls)[1].port, 4223);
    EXPECT_EQ((*urls)[2].host, "10.0.0.1");
    EXPECT_TRUE(isLoopbackHost("::1"));
    EXPECT_FALSE(isLoopbackHost("10.0.0.1"));
    EXPECT_TRUE(std::holds_alternative<std::string>(parseNatsUrlList("nats://a/path")));
}

// The nesting scan ignores brackets inside quotes, comments and block scalars.
TEST(ConfigHelpers, NestingScanSkipsText) {
    const std::string brackets(200, '[');
    EXPECT_EQ(findExcessiveNesting("a: \"" + brackets + "\"\n"), std::nullopt);
    EXPECT_EQ(findExcessiveNesting("a: 1 # " + brackets + "\n"), std::nullopt);
    EXPECT_EQ(findExcessiveNesting("a: |\n  " + brackets + "\nb: 1\n"), std::nullopt);
    EXPECT_EQ(findExcessiveNesting("a: x" + brackets + "\n"), std::nullopt);
    EXPECT_NE(findExcessiveNesting("a: " + brackets + "\n"), std::nullopt);
}

}  // namespace
}  // namespace mmo::config
