#pragma once

#include <chrono>
#include <string>

#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::metrics {

// http_requests_total{route,code} and http_request_duration_seconds{route} of the REST port. `route` is
// the registered path pattern or "unmatched", never the raw path, so the label set stays bounded.
class HttpMetrics {
  public:
    explicit HttpMetrics(MetricsRegistry& registry);

    // Counts one answered request (a Router observer).
    void observe(const std::string& route, unsigned status, std::chrono::steady_clock::duration elapsed);

  private:
    Family<Counter>& requests_;
    Family<Histogram>& duration_;
};

}  // namespace mmo::metrics
