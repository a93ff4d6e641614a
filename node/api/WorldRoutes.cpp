#include "node/api/WorldRoutes.hpp"

#include <memory>

#include "common/http/Responses.hpp"
#include "node/api/ExactNumbers.hpp"
#include "node/api/QueryParams.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

boost::json::object blockBody(std::int32_t x, std::int32_t y, const world::BlockState& state,
                              const world::BlockTypeRegistry& blockTypes) {
    boost::json::object body{{"x", x},
                             {"y", y},
                             {"block_type", blockTypes.displayName(state.type)},
                             {"hlc", state.hlc},
                             {"hlc_str", exactText(state.hlc)}};
    if (state.everSet())
        body["origin_region"] = state.origin;
    else
        body["origin_region"] = nullptr;
    return body;
}

boost::json::object digestBody(const std::string& region, const world::World& world,
                               const world::SyncPositions& applied) {
    boost::json::object sources;
    boost::json::object sourcesText;
    for (const auto& [source, position] : applied.sources) {
        sources[source] = position.batch_seq;
        sourcesText[source] = exactText(position.batch_seq);
    }
    return {{"region", region},
            {"digest", world.digestHex()},
            {"blocks", world.blockCount()},
            {"applied", std::move(sources)},
            {"applied_str", std::move(sourcesText)}};
}

void addWorldRoutes(http::Router& router, const world::World& world, std::string region,
                    AppliedPositions applied) {
    auto blockTypes = std::make_shared<const world::BlockTypeRegistry>();
    router.add(beasthttp::verb::get, "/api/world/block",
               [&world, blockTypes](const http::Request& request, const http::RequestContext&) {
                   const QueryParams query(request);
                   const auto x = query.requireInt32("x");
                   const auto y = query.requireInt32("y");
                   return http::jsonResponse(beasthttp::status::ok,
                                             blockBody(x, y, world.get(x, y), *blockTypes));
               });
    router.add(beasthttp::verb::get, "/api/world/digest",
               [&world, region = std::move(region), applied = std::move(applied)](
                   const http::Request&, const http::RequestContext&) {
                   return http::jsonResponse(beasthttp::status::ok, digestBody(region, world, applied()));
               });
}

}  // namespace mmo::api
