#include "cli/bench/MetricsSampler.hpp"

#include "common/http/HttpClient.hpp"
#include "common/prometheus/TextParser.hpp"

namespace mmo::cli::bench {

RegionCounters countersFromText(const std::string& text) {
    const auto samples = prometheus::parseText(text);
    RegionCounters c;
    c.ok = true;
    c.publishedChanges = samples.sum("eventbus_published_changes_total").value_or(0);
    c.publishedBytes = samples.sum("eventbus_published_bytes_total").value_or(0);
    c.publishedRawBytes = samples.sum("eventbus_published_raw_bytes_total").value_or(0);
    c.publishedBatches = samples.sum("eventbus_published_batches_total").value_or(0);
    for (const auto& s : samples.all("eventbus_consumed_changes_total")) {
        const auto it = s.labels.find("source_region");
        if (it != s.labels.end()) c.consumedChanges[it->second] += s.value;
    }
    return c;
}

MetricsSampler::MetricsSampler(std::vector<RegionRecord> regions, std::chrono::milliseconds interval)
    : regions_(std::move(regions)), interval_(interval) {}

MetricsSampler::~MetricsSampler() {
    stop();
}

CounterSample MetricsSampler::scrapeNow() const {
    CounterSample sample;
    for (const auto& r : regions_) {
        RegionCounters counters;
        try {
            http_client::HttpRequestOptions options;
            options.timeout = std::chrono::seconds(2);
            const auto response =
                http_client::get("127.0.0.1", static_cast<std::uint16_t>(r.metricsPort), "/metrics", options);
            if (response.status == 200) counters = countersFromText(response.body);
        } catch (const std::exception&) {
            // A missed scrape leaves ok = false; the next one counts.
        }
        sample.regions[r.process.name] = std::move(counters);
    }
    sample.at = std::chrono::steady_clock::now();
    return sample;
}

void MetricsSampler::start() {
    stopping_ = false;
    thread_ = std::thread([this] {
        while (!stopping_) {
            const auto next = std::chrono::steady_clock::now() + interval_;
            auto sample = scrapeNow();
            {
                std::lock_guard lock(mutex_);
                samples_.push_back(std::move(sample));
            }
            std::this_thread::sleep_until(next);
        }
    });
}

void MetricsSampler::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

std::vector<CounterSample> MetricsSampler::since(std::chrono::steady_clock::time_point from) const {
    std::lock_guard lock(mutex_);
    std::vector<CounterSample> out;
    for (const auto& s : samples_)
        if (s.at >= from) out.push_back(s);
    return out;
}

CounterSample MetricsSampler::latest() const {
    {
        std::lock_guard lock(mutex_);
        if (!samples_.empty()) return samples_.back();
    }
    return scrapeNow();
}

}  // namespace mmo::cli::bench
