#include "node/api/HealthRoutes.hpp"

#include <boost/json/object.hpp>

#include "common/http/Responses.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

Readiness alwaysReady() {
    return {};
}

void addHealthRoutes(http::Router& router, ReadinessCheck readiness) {
    router.add(beasthttp::verb::get, "/healthz", [](const http::Request&, const http::RequestContext&) {
        return http::jsonResponse(beasthttp::status::ok, boost::json::object{{"status", "ok"}});
    });
    router.add(beasthttp::verb::get, "/readyz",
               [readiness = std::move(readiness)](const http::Request&, const http::RequestContext&) {
                   const auto state = readiness();
                   boost::json::object body{{"ready", state.ready}};
                   if (!state.ready) body["reason"] = state.reason;
                   return http::jsonResponse(
                       state.ready ? beasthttp::status::ok : beasthttp::status::service_unavailable, body);
               });
}

void addPlayerReadinessRoute(http::Router& router, ReadinessCheck serving) {
    router.add(beasthttp::verb::get, "/readyz/players",
               [serving = std::move(serving)](const http::Request&, const http::RequestContext&) {
                   const auto state = serving();
                   boost::json::object body{{"serving", state.ready}};
                   if (!state.ready) body["reason"] = state.reason;
                   return http::jsonResponse(
                       state.ready ? beasthttp::status::ok : beasthttp::status::service_unavailable, body);
               });
}

}  // namespace mmo::api
