#include "node/api/StatusRoute.hpp"

#include "common/http/Responses.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

boost::json::object statusBody(const StatusInfo& info, std::chrono::steady_clock::time_point now,
                               const std::vector<StatusContributor>& contributors) {
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(now - info.startedAt).count();
    boost::json::object body{
        {"region", info.region},
        {"version", info.version},
        {"uptime_seconds", uptime},
        {"ports",
         {{"tcp", info.ports.tcp},
          {"udp", info.ports.udp},
          {"rest", info.ports.rest},
          {"metrics", info.ports.metrics}}},
    };
    for (const auto& contribute : contributors) contribute(body);
    return body;
}

void addStatusRoute(http::Router& router, StatusInfo info, SteadyNow now,
                    std::vector<StatusContributor> contributors) {
    router.add(beasthttp::verb::get, "/api/status",
               [info = std::move(info), now = std::move(now), contributors = std::move(contributors)](
                   const http::Request&, const http::RequestContext&) {
                   return http::jsonResponse(beasthttp::status::ok, statusBody(info, now(), contributors));
               });
}

}  // namespace mmo::api
