#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "common/http/Router.hpp"
#include "common/world/BlockTypeRegistry.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"

namespace mmo::api {

// The applied positions per source region (SyncService::status().applied in the node).
using AppliedPositions = std::function<world::SyncPositions()>;

// {x, y, block_type, hlc, origin_region}: a never-set cell is "air", hlc 0, origin_region null.
boost::json::object blockBody(std::int32_t x, std::int32_t y, const world::BlockState& state,
                              const world::BlockTypeRegistry& blockTypes);

// {region, digest, blocks, applied: {source_region: batch seq}}.
boost::json::object digestBody(const std::string& region, const world::World& world,
                               const world::SyncPositions& applied);

// GET /api/world/block?x=&y= and GET /api/world/digest; `world` must outlive the router's use.
void addWorldRoutes(http::Router& router, const world::World& world, std::string region,
                    AppliedPositions applied);

}  // namespace mmo::api
