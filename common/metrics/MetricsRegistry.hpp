#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// An in-process Prometheus registry: counters, gauges and histograms with labels, rendered in the text
// exposition format (version 0.0.4). Owned by the node and passed to the parts that count; no globals.
namespace mmo::metrics {

using Labels = std::vector<std::string>;  // label values, in the order of the family's label names

class Counter {
  public:
    void inc(double by = 1.0) { value_.fetch_add(by, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

class Gauge {
  public:
    void set(double v) { value_.store(v, std::memory_order_relaxed); }
    void add(double by) { value_.fetch_add(by, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

class Histogram {
  public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    const std::vector<double>& bounds() const { return bounds_; }
    // Cumulative counts per bound (the last entry is +Inf), the sum and the count, read consistently.
    void snapshot(std::vector<std::uint64_t>& cumulative, double& sum, std::uint64_t& count) const;

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // per bound, plus +Inf
    std::atomic<double> sum_{0.0};
    std::atomic<std::uint64_t> count_{0};
};

enum class MetricType { Counter, Gauge, Histogram };

// A metric name with its help, type, label names and one child per label-value combination.
template <typename Child>
class Family {
  public:
    Family(std::string name, std::string help, std::vector<std::string> labelNames,
           std::function<std::unique_ptr<Child>()> make)
        : name_(std::move(name)),
          help_(std::move(help)),
          labelNames_(std::move(labelNames)),
          make_(std::move(make)) {}

    // The child for these label values, created on first use; the reference stays valid.
    Child& labels(const Labels& values) {
        std::lock_guard lock(mutex_);
        auto& slot = children_[values];
        if (!slot) slot = make_();
        return *slot;
    }
    // The child of a family without labels.
    Child& get() { return labels({}); }

    const std::string& name() const { return name_; }
    const std::string& help() const { return help_; }
    const std::vector<std::string>& labelNames() const { return labelNames_; }
    // Calls fn(labelValues, child) for every child, in label order.
    template <typename Fn>
    void forEach(Fn&& fn) const {
        std::lock_guard lock(mutex_);
        for (const auto& [values, child] : children_) fn(values, *child);
    }

  private:
    std::string name_;
    std::string help_;
    std::vector<std::string> labelNames_;
    std::function<std::unique_ptr<Child>()> make_;
    mutable std::mutex mutex_;
    std::map<Labels, std::unique_ptr<Child>> children_;
};

// Writes samples for metrics computed at scrape time (process_*, world_digest_info).
class SampleWriter {
  public:
    explicit SampleWriter(std::string& out) : out_(out) {}
    // Writes # HELP and # TYPE for a metric family.
    void header(const std::string& name, const std::string& help, MetricType type);
    // Writes one sample line.
    void sample(const std::string& name, const std::vector<std::pair<std::string, std::string>>& labels,
                double value);

  private:
    std::string& out_;
};

class MetricsRegistry {
  public:
    Family<Counter>& counter(const std::string& name, const std::string& help,
                             std::vector<std::string> labels = {});
    Family<Gauge>& gauge(const std::string& name, const std::string& help,
                         std::vector<std::string> labels = {});
    Family<Histogram>& histogram(const std::string& name, const std::string& help, std::vector<double> bounds,
                                 std::vector<std::string> labels = {});
    // A function that writes its own families at every scrape, after the registered ones.
    void addCollector(std::function<void(SampleWriter&)> collector);

    // The whole registry in the Prometheus text format.
    std::string render() const;

  private:
    struct Entry {
        MetricType type;
        std::unique_ptr<Family<Counter>> counter;
        std::unique_ptr<Family<Gauge>> gauge;
        std::unique_ptr<Family<Histogram>> histogram;
    };
    Entry* find(const std::string& name, MetricType type);

    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Entry>> entries_;
    std::vector<std::function<void(SampleWriter&)>> collectors_;
};

// Formats a sample value as Prometheus expects (NaN, +Inf, -Inf, shortest round-trip decimal).
std::string formatValue(double value);

// Escapes a label value (backslash, double quote, newline).
std::string escapeLabelValue(const std::string& value);

}  // namespace mmo::metrics
