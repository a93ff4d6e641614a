#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::metrics {
namespace {

// A labelled counter renders HELP, TYPE and one line per label value.
TEST(MetricsRegistry, RendersLabelledCounter) {
    MetricsRegistry registry;
    auto& consumed =
        registry.counter("eventbus_consumed_batches_total", "Batches applied.", {"source_region"});
    consumed.labels({"us-east-1"}).inc();
    consumed.labels({"us-east-1"}).inc(2);
    consumed.labels({"ap-south-1"}).inc();
    EXPECT_EQ(registry.render(),
              "# HELP eventbus_consumed_batches_total Batches applied.\n"
              "# TYPE eventbus_consumed_batches_total counter\n"
              "eventbus_consumed_batches_total{source_region=\"ap-south-1\"} 1\n"
              "eventbus_consumed_batches_total{source_region=\"us-east-1\"} 3\n");
}

// A histogram renders cumulative buckets, +Inf, sum and count.
TEST(MetricsRegistry, RendersHistogram) {
    MetricsRegistry registry;
    auto& h = registry.histogram("sync_convergence_seconds", "Origin to applied.", {0.1, 1});
    h.get().observe(0.05);
    h.get().observe(0.5);
    h.get().observe(5);
    EXPECT_EQ(registry.render(),
              "# HELP sync_convergence_seconds Origin to applied.\n"
              "# TYPE sync_convergence_seconds histogram\n"
              "sync_convergence_seconds_bucket{le=\"0.1\"} 1\n"
              "sync_convergence_seconds_bucket{le=\"1\"} 2\n"
              "sync_convergence_seconds_bucket{le=\"+Inf\"} 3\n"
              "sync_convergence_seconds_sum 5.55\n"
              "sync_convergence_seconds_count 3\n");
}

// Label values are escaped; special float values use Prometheus spelling.
TEST(MetricsRegistry, EscapesAndFormats) {
    EXPECT_EQ(escapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    EXPECT_EQ(formatValue(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(formatValue(std::nan("")), "NaN");
    EXPECT_EQ(formatValue(42), "42");
}

// Registering a name twice returns the same family; a different type is a programming error.
TEST(MetricsRegistry, SameNameSameFamily) {
    MetricsRegistry registry;
    auto& a = registry.gauge("world_blocks", "Blocks.");
    auto& b = registry.gauge("world_blocks", "Blocks.");
    EXPECT_EQ(&a, &b);
    EXPECT_THROW(registry.counter("world_blocks", "x"), std::logic_error);
}

// Collectors add samples computed at scrape time.
TEST(MetricsRegistry, CollectorsWriteAtScrape) {
    MetricsRegistry registry;
    registry.addCollector([](SampleWriter& w) {
        w.header("world_digest_info", "Digest.", MetricType::Gauge);
        w.sample("world_digest_info", {{"digest", "00ff"}}, 1);
    });
    EXPECT_NE(registry.render().find("world_digest_info{digest=\"00ff\"} 1\n"), std::string::npos);
}

// Concurrent increments are all counted.
TEST(MetricsRegistry, ConcurrentIncrements) {
    MetricsRegistry registry;
    auto& c = registry.counter("x_total", "x", {"k"});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) c.labels({"a"}).inc();
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(c.labels({"a"}).value(), 40000);
}

}  // namespace
}  // namespace mmo::metrics
