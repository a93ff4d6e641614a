#include "cli/bench/players/MetricsProbe.hpp"

#include "common/http/HttpClient.hpp"

namespace mmo::cli::bench::players {

MetricsProbe::MetricsProbe(std::vector<int> metricsPorts, std::chrono::milliseconds interval,
                           const MeasureWindow& window)
    : ports_(std::move(metricsPorts)), interval_(interval), window_(window) {
    for (std::size_t i = 0; i < ports_.size(); ++i) {
        latency_.push_back(std::make_unique<LatencyHistogram>());
        failures_.push_back(std::make_unique<std::atomic<std::uint64_t>>(0));
    }
}

MetricsProbe::~MetricsProbe() {
    stop();
}

void MetricsProbe::start() {
    thread_ = std::thread([this] { run(); });
}

void MetricsProbe::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void MetricsProbe::run() {
    using Clock = std::chrono::steady_clock;
    auto next = Clock::now();
    while (!stopping_) {
        for (std::size_t i = 0; i < ports_.size() && !stopping_; ++i) {
            const auto started = Clock::now();
            bool ok = false;
            try {
                http_client::HttpRequestOptions options;
                options.timeout = std::chrono::seconds(5);
                ok = http_client::get("127.0.0.1", static_cast<std::uint16_t>(ports_[i]), "/metrics", options)
                         .status == 200;
            } catch (const std::exception&) {
            }
            if (!window_.contains(started)) continue;
            if (ok)
                latency_[i]->recordMillis(
                    std::chrono::duration<double, std::milli>(Clock::now() - started).count());
            else
                (*failures_[i])++;
        }
        next += interval_;
        while (!stopping_ && Clock::now() < next) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace mmo::cli::bench::players
