// mmoctl bench sync's logic in-process: option parsing, percentiles, throughput ratios, the JSON report,
// the metrics the sampler reads, and the change stream.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cli/ExitCode.hpp"
#include "cli/bench/BenchReport.hpp"
#include "cli/bench/BenchSet.hpp"
#include "cli/bench/BenchSettings.hpp"
#include "cli/bench/ChangeStream.hpp"
#include "cli/bench/LatencySummary.hpp"
#include "cli/bench/MetricsSampler.hpp"

namespace {

using namespace mmo::cli;
using namespace mmo::cli::bench;

// The usage error a set of options gives (empty when they parse).
std::string usageError(const BenchSyncOptions& options) {
    try {
        parseBenchSettings(options);
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code, kUsageError);
        return std::string(e.what());
    }
    return {};
}

// Defaults parse: three regions by id, max rate, 10 s, gzip on, flush 0.05.
TEST(BenchSettings, DefaultsParse) {
    const auto s = parseBenchSettings(BenchSyncOptions{});
    EXPECT_EQ(s.regions, (std::vector<std::string>{"eu-west-1", "us-east-1", "ap-south-1"}));
    EXPECT_EQ(s.mode, RateMode::Max);
    EXPECT_EQ(s.duration, std::chrono::seconds(10));
    EXPECT_TRUE(s.gzip);
    EXPECT_DOUBLE_EQ(s.flushSeconds, 0.05);
}

// --rate takes max, half or a positive number (total changes/s).
TEST(BenchSettings, RateForms) {
    BenchSyncOptions o;
    o.rate = "half";
    EXPECT_EQ(parseBenchSettings(o).mode, RateMode::Half);
    o.rate = "2500.5";
    const auto s = parseBenchSettings(o);
    EXPECT_EQ(s.mode, RateMode::Fixed);
    EXPECT_DOUBLE_EQ(s.rate, 2500.5);
}

// A bad --rate is a usage error that says what is valid.
TEST(BenchSettings, BadRateIsUsageError) {
    for (const char* bad : {"fast", "0", "-5", "10x", ""}) {
        BenchSyncOptions o;
        o.rate = bad;
        const auto message = usageError(o);
        EXPECT_NE(message.find("--rate"), std::string::npos) << bad;
        EXPECT_NE(message.find("max, half or a positive number"), std::string::npos) << message;
    }
}

// A bad --gzip is a usage error naming on/off.
TEST(BenchSettings, BadGzipIsUsageError) {
    BenchSyncOptions o;
    o.gzip = "maybe";
    EXPECT_NE(usageError(o).find("--gzip: expected on or off"), std::string::npos);
    o.gzip = "off";
    EXPECT_FALSE(parseBenchSettings(o).gzip);
}

// A bad or too short --duration is a usage error.
TEST(BenchSettings, BadDurationIsUsageError) {
    BenchSyncOptions o;
    o.duration = "ten";
    EXPECT_NE(usageError(o).find("--duration"), std::string::npos);
    o.duration = "100ms";
    EXPECT_NE(usageError(o).find("at least 500ms"), std::string::npos);
}

// Regions: at least two, valid, not repeated (an alias and its id count as the same).
TEST(BenchSettings, BadRegionsAreUsageErrors) {
    BenchSyncOptions o;
    o.regions = {"eu"};
    EXPECT_NE(usageError(o).find("at least two"), std::string::npos);
    o.regions = {"eu", "eu-west-1"};
    EXPECT_NE(usageError(o).find("given twice"), std::string::npos);
    o.regions = {"eu", "Bad_Region"};
    EXPECT_NE(usageError(o).find("Bad_Region"), std::string::npos);
}

// A bad --flush is a usage error.
TEST(BenchSettings, BadFlushIsUsageError) {
    BenchSyncOptions o;
    o.flush = "0";
    EXPECT_NE(usageError(o).find("--flush"), std::string::npos);
}

// Nearest-rank percentiles: p50 of 1..100 is 50, p99 is 99, max 100; nothing gives zeros.
TEST(LatencySummary, NearestRank) {
    std::vector<double> values;
    for (int i = 100; i >= 1; --i) values.push_back(i);
    const auto s = summarize(values);
    EXPECT_EQ(s.samples, 100u);
    EXPECT_DOUBLE_EQ(s.p50, 50);
    EXPECT_DOUBLE_EQ(s.p99, 99);
    EXPECT_DOUBLE_EQ(s.max, 100);
    const auto empty = summarize({});
    EXPECT_EQ(empty.samples, 0u);
    EXPECT_DOUBLE_EQ(empty.p99, 0);
    std::vector<double> one{7};
    EXPECT_DOUBLE_EQ(percentile(one, 0.99), 7);
}

PassResult pass(const std::string& name, double perPair) {
    PassResult p;
    p.name = name;
    p.rate = "max";
    p.loadSeconds = 2;
    p.changesAcked = 100;
    for (const auto& [s, d] : std::vector<std::pair<std::string, std::string>>{{"a", "b"}, {"b", "a"}}) {
        PairResult pair;
        pair.source = s;
        pair.destination = d;
        pair.appliedPerSecond = perPair;
        pair.appliedChanges = 10;
        pair.seconds = 1;
        pair.latency = LatencySummary{10, 5, 40, 60};
        p.pairs.push_back(pair);
    }
    return p;
}

// Ratios compare the sums of applied/s over every pair; a baseline that applied nothing gives none.
TEST(BenchReport, ThroughputRatio) {
    EXPECT_DOUBLE_EQ(*throughputRatio(pass("project", 300), pass("naive", 30)), 10);
    EXPECT_FALSE(throughputRatio(pass("project", 300), pass("naive", 0)).has_value());
}

// The JSON carries ratio_vs_naive and ratio_vs_raw at the top level beside pairs, bytes_per_change and
// the settings; latency_check compares the worst p99 with flush + 50 ms.
TEST(BenchReport, JsonShape) {
    BenchResult r;
    r.settings = parseBenchSettings(BenchSyncOptions{});
    r.set = "own";
    r.natsServerVersion = "v2.9.10";
    r.project = pass("project", 1000);
    r.project.bytesPerChange = 5.5;
    r.naive = pass("naive", 100);
    r.raw = pass("raw", 1500);
    r.ratioVsNaive = throughputRatio(r.project, *r.naive);
    r.ratioVsRaw = throughputRatio(r.project, *r.raw);
    const auto doc = toJson(r);
    EXPECT_DOUBLE_EQ(doc.at("ratio_vs_naive").as_double(), 10);
    EXPECT_NEAR(doc.at("ratio_vs_raw").as_double(), 0.6667, 1e-3);
    EXPECT_DOUBLE_EQ(doc.at("bytes_per_change").as_double(), 5.5);
    const auto& pairs = doc.at("pairs").as_array();
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs[0].at("source").as_string(), "a");
    EXPECT_EQ(pairs[0].at("destination").as_string(), "b");
    EXPECT_DOUBLE_EQ(pairs[0].at("applied_per_second").as_double(), 1000);
    EXPECT_DOUBLE_EQ(pairs[0].at("latency_ms").at("p99").as_double(), 40);
    EXPECT_DOUBLE_EQ(doc.at("settings").at("flush_every_seconds").as_double(), 0.05);
    EXPECT_EQ(doc.at("settings").at("rate").as_string(), "max");
    EXPECT_DOUBLE_EQ(doc.at("latency_check").at("target_ms").as_double(), 100);
    EXPECT_TRUE(doc.at("latency_check").at("met").as_bool());
    EXPECT_TRUE(doc.at("naive").is_object());
    EXPECT_TRUE(doc.at("max_pass").is_null());
}

// Without baselines the ratios are null, not zero.
TEST(BenchReport, NoBaselinesGiveNullRatios) {
    BenchResult r;
    r.settings = parseBenchSettings(BenchSyncOptions{});
    r.project = pass("project", 1000);
    const auto doc = toJson(r);
    EXPECT_TRUE(doc.at("ratio_vs_naive").is_null());
    EXPECT_TRUE(doc.at("ratio_vs_raw").is_null());
}

// The sampler reads the published counters and the consumed changes per source region.
TEST(MetricsSampler, CountersFromText) {
    const auto c = countersFromText(
        "# TYPE eventbus_published_changes_total counter\n"
        "eventbus_published_changes_total 300\n"
        "eventbus_published_bytes_total 1650\n"
        "eventbus_published_raw_bytes_total 2000\n"
        "eventbus_published_batches_total 3\n"
        "eventbus_consumed_changes_total{source_region=\"us-east-1\"} 120\n"
        "eventbus_consumed_changes_total{source_region=\"ap-south-1\"} 80\n");
    EXPECT_TRUE(c.ok);
    EXPECT_DOUBLE_EQ(c.publishedChanges, 300);
    EXPECT_DOUBLE_EQ(c.publishedBytes, 1650);
    EXPECT_DOUBLE_EQ(c.publishedRawBytes, 2000);
    EXPECT_DOUBLE_EQ(c.publishedBatches, 3);
    EXPECT_DOUBLE_EQ(c.consumedChanges.at("us-east-1"), 120);
    EXPECT_DOUBLE_EQ(c.consumedChanges.at("ap-south-1"), 80);
}

// The same (seed, region, lane) gives the same writes, inside the area, with types 1..15.
TEST(ChangeStream, DeterministicAndBounded) {
    ChangeStream a(7, 1, 2, 50), b(7, 1, 2, 50), c(7, 2, 2, 50);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const auto wa = a.next();
        const auto wb = b.next();
        const auto wc = c.next();
        EXPECT_EQ(wa.x, wb.x);
        EXPECT_EQ(wa.y, wb.y);
        EXPECT_EQ(wa.type, wb.type);
        EXPECT_GE(wa.x, 0);
        EXPECT_LT(wa.x, 50);
        EXPECT_GE(wa.y, 0);
        EXPECT_LT(wa.y, 50);
        EXPECT_GE(wa.type, 1);
        EXPECT_LE(wa.type, 15);
        differs = differs || wa.x != wc.x || wa.y != wc.y;
    }
    EXPECT_TRUE(differs);
}

// The bench set's nodes get the sync settings and game limits through GAME_* variables.
TEST(BenchSet, NodeEnvironment) {
    BenchSyncOptions o;
    o.batchSize = 250;
    o.flush = "3";
    o.gzip = "off";
    const auto env = benchNodeEnvironment(parseBenchSettings(o));
    const auto value = [&](const std::string& name) {
        for (const auto& [k, v] : env)
            if (k == name) return v;
        return std::string("<unset>");
    };
    EXPECT_EQ(value("GAME_SYNC_BATCH_SIZE"), "250");
    EXPECT_EQ(value("GAME_SYNC_FLUSH_EVERY_SECONDS"), "3");
    EXPECT_EQ(value("GAME_SYNC_USE_GZIP_COMPRESSION"), "false");
    EXPECT_EQ(value("GAME_GAME_ACTIONS_PER_SECOND"), "100000");
    // The frame budget at least the action budget, or the node refuses the config (issue 17 item 12).
    EXPECT_EQ(value("GAME_GAME_FRAMES_PER_SECOND"), "1000000");
    EXPECT_EQ(value("GAME_GAME_FRAME_BURST"), "10000000");
}

}  // namespace
