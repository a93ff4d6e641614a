#include "cli/verify/RegionScraper.hpp"

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "cli/ExitCode.hpp"
#include "common/http/HttpClient.hpp"
#include "common/prometheus/TextParser.hpp"

namespace mmo::cli {

namespace {

bool refused(const std::string& what) {
    return what.find("connect failed") != std::string::npos && what.find("timed out") == std::string::npos;
}

std::string fetch(const std::string& host, int port, const std::string& target,
                  std::chrono::milliseconds timeout) {
    http_client::HttpRequestOptions options;
    options.timeout = timeout;
    const auto response = http_client::get(host, static_cast<std::uint16_t>(port), target, options);
    if (response.status != 200)
        throw std::runtime_error("GET " + target + " answered " + std::to_string(response.status));
    return response.body;
}

std::string digestOf(const std::string& body) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(body, ec);
    const auto* object = ec ? nullptr : value.if_object();
    const auto* digest = object ? object->if_contains("digest") : nullptr;
    if (digest == nullptr || !digest->is_string())
        throw std::runtime_error("GET /api/world/digest: no \"digest\" string in the answer");
    return std::string(digest->get_string());
}

// GET /readyz: "ok" on 200, its reason on 503 (the sync's health, docs/rest-api.md#get-readyz); "" when it
// does not answer so: the matrix and the digests do not depend on it.
std::string syncHealthOf(const std::string& host, int port, std::chrono::milliseconds timeout) {
    try {
        http_client::HttpRequestOptions options;
        options.timeout = timeout;
        const auto response = http_client::get(host, static_cast<std::uint16_t>(port), "/readyz", options);
        if (response.status == 200) return "ok";
        boost::system::error_code ec;
        const auto value = boost::json::parse(response.body, ec);
        const auto* object = ec ? nullptr : value.if_object();
        const auto* reason = object ? object->if_contains("reason") : nullptr;
        return reason && reason->is_string() ? std::string(reason->get_string()) : std::string();
    } catch (const http_client::HttpClientError&) {
        return {};
    }
}

}  // namespace

RegionScrape scrapeRegion(NodeTarget& target, std::chrono::milliseconds timeout) {
    RegionScrape scrape;
    scrape.region = target.region.empty() ? target.url : target.region;
    try {
        if (target.metricsPort == 0) {
            discover(target, timeout);
            scrape.region = target.region;
        }
        scrape.metrics = prometheus::parseText(fetch(target.host, target.metricsPort, "/metrics", timeout));
        scrape.digest = digestOf(fetch(target.host, target.restPort, "/api/world/digest", timeout));
        scrape.sync = syncHealthOf(target.host, target.restPort, timeout);
    } catch (const CommandError&) {
        throw;  // a --nodes URL that is not a node's REST API: no wait would help
    } catch (const http_client::HttpClientError& e) {
        scrape.outcome = refused(e.what()) ? ScrapeOutcome::Unreachable : ScrapeOutcome::NotResponding;
        scrape.error = e.what();
    } catch (const prometheus::ParseError& e) {
        scrape.outcome = ScrapeOutcome::NotResponding;
        scrape.error = std::string("GET /metrics: ") + e.what();
    } catch (const std::runtime_error& e) {
        scrape.outcome = ScrapeOutcome::NotResponding;
        scrape.error = e.what();
    }
    return scrape;
}

}  // namespace mmo::cli
