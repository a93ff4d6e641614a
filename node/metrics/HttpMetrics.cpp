#include "node/metrics/HttpMetrics.hpp"

namespace mmo::metrics {

HttpMetrics::HttpMetrics(MetricsRegistry& registry)
    : requests_(registry.counter("http_requests_total",
                                 "REST API requests answered, by route and status code.", {"route", "code"})),
      duration_(registry.histogram(
          "http_request_duration_seconds", "Time from routing a REST API request to its answer, by route.",
          {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}, {"route"})) {}

void HttpMetrics::observe(const std::string& route, unsigned status,
                          std::chrono::steady_clock::duration elapsed) {
    requests_.labels({route, std::to_string(status)}).inc();
    duration_.labels({route}).observe(std::chrono::duration<double>(elapsed).count());
}

}  // namespace mmo::metrics
