#include "node/metrics/MetricsEndpoint.hpp"

#include "common/http/Responses.hpp"
#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::metrics {

namespace beasthttp = boost::beast::http;

MetricsCollector buildInfoCollector(std::string version, std::string region) {
    return [version = std::move(version), region = std::move(region)](std::string& out) {
        out += "# HELP build_info Build and region of this node; the value is always 1.\n";
        out += "# TYPE build_info gauge\n";
        out += "build_info{version=\"" + escapeLabelValue(version) + "\",region=\"" +
               escapeLabelValue(region) + "\"} 1\n";
    };
}

void addMetricsRoute(http::Router& router, std::vector<MetricsCollector> collectors) {
    router.add(beasthttp::verb::get, "/metrics",
               [collectors = std::move(collectors)](const http::Request&, const http::RequestContext&) {
                   std::string body;
                   for (const auto& collect : collectors) collect(body);
                   return http::textResponse(beasthttp::status::ok,
                                             "text/plain; version=0.0.4; charset=utf-8", std::move(body));
               });
}

}  // namespace mmo::metrics
