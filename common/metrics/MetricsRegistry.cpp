#include "common/metrics/MetricsRegistry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mmo::metrics {

namespace {

const char* typeName(MetricType type) {
    switch (type) {
        case MetricType::Counter:
            return "counter";
        case MetricType::Gauge:
            return "gauge";
        case MetricType::Histogram:
            return "histogram";
    }
    return "untyped";
}

void appendLabels(std::string& out, const std::vector<std::string>& names, const Labels& values,
                  const std::string& extraName = {}, const std::string& extraValue = {}) {
    if (names.empty() && extraName.empty()) return;
    out += '{';
    bool first = true;
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
        if (!first) out += ',';
        first = false;
        out += names[i] + "=\"" + escapeLabelValue(values[i]) + "\"";
    }
    if (!extraName.empty()) {
        if (!first) out += ',';
        out += extraName + "=\"" + extraValue + "\"";
    }
    out += '}';
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
    if (!std::is_sorted(bounds_.begin(), bounds_.end()))
        throw std::invalid_argument("histogram bucket bounds must be sorted");
    for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::observe(double v) {
    const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
    buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::snapshot(std::vector<std::uint64_t>& cumulative, double& sum, std::uint64_t& count) const {
    cumulative.assign(bounds_.size() + 1, 0);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        cumulative[i] = running;
    }
    sum = sum_.load(std::memory_order_relaxed);
    count = running;  // consistent with the buckets even while observations race
}

void SampleWriter::header(const std::string& name, const std::string& help, MetricType type) {
    out_ += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + typeName(type) + "\n";
}

void SampleWriter::sample(const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& labels, double value) {
    out_ += name;
    if (!labels.empty()) {
        out_ += '{';
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (i) out_ += ',';
            out_ += labels[i].first + "=\"" + escapeLabelValue(labels[i].second) + "\"";
        }
        out_ += '}';
    }
    out_ += ' ' + formatValue(value) + '\n';
}

MetricsRegistry::Entry* MetricsRegistry::find(const std::string& name, MetricType type) {
    for (auto& entry : entries_) {
        const std::string& existing = entry->counter ? entry->counter->name()
                                      : entry->gauge ? entry->gauge->name()
                                                     : entry->histogram->name();
        if (existing != name) continue;
        if (entry->type != type)
            throw std::logic_error("metric " + name + " registered twice with different types");
        return entry.get();
    }
    return nullptr;
}

Family<Counter>& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                          std::vector<std::string> labels) {
    std::lock_guard lock(mutex_);
    if (auto* e = find(name, MetricType::Counter)) return *e->counter;
    auto entry = std::make_unique<Entry>();
    entry->type = MetricType::Counter;
    entry->counter = std::make_unique<Family<Counter>>(name, help, std::move(labels),
                                                       [] { return std::make_unique<Counter>(); });
    entries_.push_back(std::move(entry));
    return *entries_.back()->counter;
}

Family<Gauge>& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                                      std::vector<std::string> labels) {
    std::lock_guard lock(mutex_);
    if (auto* e = find(name, MetricType::Gauge)) return *e->gauge;
    auto entry = std::make_unique<Entry>();
    entry->type = MetricType::Gauge;
    entry->gauge = std::make_unique<Family<Gauge>>(name, help, std::move(labels),
                                                   [] { return std::make_unique<Gauge>(); });
    entries_.push_back(std::move(entry));
    return *entries_.back()->gauge;
}

Family<Histogram>& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                              std::vector<double> bounds, std::vector<std::string> labels) {
    std::lock_guard lock(mutex_);
    if (auto* e = find(name, MetricType::Histogram)) return *e->histogram;
    auto entry = std::make_unique<Entry>();
    entry->type = MetricType::Histogram;
    entry->histogram = std::make_unique<Family<Histogram>>(
        name, help, std::move(labels), [bounds] { return std::make_unique<Histogram>(bounds); });
    entries_.push_back(std::move(entry));
    return *entries_.back()->histogram;
}

void MetricsRegistry::addCollector(std::function<void(SampleWriter&)> collector) {
    std::lock_guard lock(mutex_);
    collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    SampleWriter writer(out);
    for (const auto& entry : entries_) {
        if (entry->counter) {
            const auto& f = *entry->counter;
            writer.header(f.name(), f.help(), MetricType::Counter);
            f.forEach([&](const Labels& values, const Counter& c) {
                out += f.name();
                appendLabels(out, f.labelNames(), values);
                out += ' ' + formatValue(c.value()) + '\n';
            });
        } else if (entry->gauge) {
            const auto& f = *entry->gauge;
            writer.header(f.name(), f.help(), MetricType::Gauge);
            f.forEach([&](const Labels& values, const Gauge& g) {
                out += f.name();
                appendLabels(out, f.labelNames(), values);
                out += ' ' + formatValue(g.value()) + '\n';
            });
        } else {
            const auto& f = *entry->histogram;
            writer.header(f.name(), f.help(), MetricType::Histogram);
            f.forEach([&](const Labels& values, const Histogram& h) {
                std::vector<std::uint64_t> cumulative;
                double sum = 0;
                std::uint64_t count = 0;
                h.snapshot(cumulative, sum, count);
                for (std::size_t i = 0; i < cumulative.size(); ++i) {
                    out += f.name() + "_bucket";
                    const auto le = i < h.bounds().size() ? formatValue(h.bounds()[i]) : std::string("+Inf");
                    appendLabels(out, f.labelNames(), values, "le", le);
                    out += ' ' + std::to_string(cumulative[i]) + '\n';
                }
                out += f.name() + "_sum";
                appendLabels(out, f.labelNames(), values);
                out += ' ' + formatValue(sum) + '\n';
                out += f.name() + "_count";
                appendLabels(out, f.labelNames(), values);
                out += ' ' + std::to_string(count) + '\n';
            });
        }
    }
    for (const auto& collector : collectors_) collector(writer);
    return out;
}

std::string formatValue(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", value);
}

std::string escapeLabelValue(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

}  // namespace mmo::metrics
