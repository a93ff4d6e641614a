// The Prometheus text-format parser and the sample lookups.
#include <gtest/gtest.h>

#include <cmath>

#include "common/prometheus/TextParser.hpp"

namespace {

using mmo::prometheus::ParseError;
using mmo::prometheus::ParseLimits;
using mmo::prometheus::parseText;

const char* const kScrape =
    R"(# HELP eventbus_published_batches_total Batches of this region acknowledged by JetStream.
# TYPE eventbus_published_batches_total counter
eventbus_published_batches_total 12
# TYPE eventbus_consumed_batches_total counter
eventbus_consumed_batches_total{source_region="us-east-1"} 7
eventbus_consumed_batches_total{source_region="ap-south-1"} 3

sync_convergence_seconds_bucket{source_region="us-east-1",le="0.5"} 4
sync_convergence_seconds_bucket{source_region="us-east-1",le="+Inf"} 5
build_info{version="0.1.0",region="eu-west-1"} 1
)";

// Samples without labels, with labels, and histogram buckets are all found; comments are skipped.
TEST(TextParserTest, ParsesSamplesAndSkipsComments) {
    const auto samples = parseText(kScrape);
    EXPECT_EQ(samples.size(), 6u);
    EXPECT_EQ(samples.find("eventbus_published_batches_total"), 12.0);
    EXPECT_EQ(samples.find("eventbus_consumed_batches_total", {{"source_region", "ap-south-1"}}), 3.0);
    EXPECT_EQ(samples.find("sync_convergence_seconds_bucket", {{"le", "+Inf"}}), 5.0);
    EXPECT_FALSE(samples.find("eventbus_consumed_batches_total", {{"source_region", "eu-west-1"}}));
    EXPECT_FALSE(samples.find("absent_metric"));
}

// sum() adds every matching sample; labelValues() lists a label's values.
TEST(TextParserTest, SumsAndListsLabelValues) {
    const auto samples = parseText(kScrape);
    EXPECT_EQ(samples.sum("eventbus_consumed_batches_total"), 10.0);
    EXPECT_EQ(samples.labelValues("eventbus_consumed_batches_total", "source_region"),
              (std::vector<std::string>{"ap-south-1", "us-east-1"}));
}

// Label values may contain escaped quotes, backslashes, newlines, commas and braces.
TEST(TextParserTest, HandlesEscapesInLabelValues) {
    const auto samples = parseText("m{a=\"say \\\"hi\\\"\",b=\"c:\\\\dir\",c=\"x\\ny\",d=\"{,}\"} 1\n");
    const auto& sample = samples.all("m").at(0);
    EXPECT_EQ(sample.labels.at("a"), "say \"hi\"");
    EXPECT_EQ(sample.labels.at("b"), "c:\\dir");
    EXPECT_EQ(sample.labels.at("c"), "x\ny");
    EXPECT_EQ(sample.labels.at("d"), "{,}");
}

// Special values, exponents, timestamps, CRLF, trailing commas and blank padding are accepted.
TEST(TextParserTest, AcceptsSpecialValuesAndTimestamps) {
    const auto samples = parseText(
        "a +Inf\r\nb -Inf\nc NaN\nd 1.5e3 1700000000000\n  e{x=\"1\",} 2  \nf{} -0.25\ng{ x = \"1\" } 3\n");
    EXPECT_TRUE(std::isinf(*samples.find("a")));
    EXPECT_LT(*samples.find("b"), 0.0);
    EXPECT_TRUE(std::isnan(*samples.find("c")));
    EXPECT_EQ(samples.find("d"), 1500.0);
    EXPECT_EQ(samples.find("e", {{"x", "1"}}), 2.0);
    EXPECT_EQ(samples.find("f"), -0.25);
    EXPECT_EQ(samples.find("g", {{"x", "1"}}), 3.0);
}

// Malformed lines are rejected with the line number.
TEST(TextParserTest, RejectsMalformedLines) {
    const char* const bad[] = {
        "m\n",                     // no value
        "m abc\n",                 // not a number
        "m{a=\"1\" 2\n",           // unterminated label set
        "m{a=\"1} 2\n",            // unterminated value
        "m{a=1} 2\n",              // unquoted value
        "m{a=\"\\t\"} 2\n",        // unknown escape
        "m{a=\"1\",a=\"2\"} 2\n",  // duplicate label
        "1m 2\n",                  // bad name
        "m 1 2 3\n",               // trailing text
        "m 1 notatimestamp\n",     // bad timestamp
    };
    for (const auto* text : bad) EXPECT_THROW(parseText(text), ParseError) << text;
    try {
        parseText("ok 1\n# comment\nbroken\n");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_EQ(e.line(), 3u);
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos);
    }
}

// The limits on bytes, samples, labels and line length hold.
TEST(TextParserTest, EnforcesLimits) {
    ParseLimits limits;
    limits.maxBytes = 10;
    EXPECT_THROW(parseText("metric_name 1\n", limits), ParseError);
    limits = {};
    limits.maxSamples = 2;
    EXPECT_THROW(parseText("a 1\nb 2\nc 3\n", limits), ParseError);
    EXPECT_NO_THROW(parseText("a 1\n# c\nb 2\n", limits));
    limits = {};
    limits.maxLabelsPerSample = 1;
    EXPECT_THROW(parseText("a{x=\"1\",y=\"2\"} 1\n", limits), ParseError);
    limits = {};
    limits.maxLineBytes = 8;
    EXPECT_THROW(parseText("a{x=\"1234\"} 1\n", limits), ParseError);
}

}  // namespace
