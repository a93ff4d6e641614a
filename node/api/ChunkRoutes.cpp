#include "node/api/ChunkRoutes.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>

#include "common/http/Responses.hpp"
#include "common/regions/RegionId.hpp"
#include "common/world/BlockTypeRegistry.hpp"
#include "common/world/WorldDigest.hpp"
#include "node/api/ApiError.hpp"
#include "node/api/ErrorMapping.hpp"
#include "node/api/ExactNumbers.hpp"
#include "node/api/JsonFields.hpp"
#include "node/api/QueryParams.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

namespace {

constexpr std::size_t kMaxMergeCells = 4096;

std::uint64_t requireUnsigned(const boost::json::object& object, std::string_view key,
                              const std::string& path, std::uint64_t max) {
    const auto& value = requireField(object, key, path);
    std::uint64_t number = 0;
    if (value.is_uint64())
        number = value.get_uint64();
    else if (value.is_int64() && value.get_int64() >= 0)
        number = static_cast<std::uint64_t>(value.get_int64());
    else
        throw ApiError::badRequest("invalid_field",
                                   path + ": expected an integer from 0 to " + std::to_string(max));
    if (number > max)
        throw ApiError::badRequest("invalid_field",
                                   path + ": expected an integer from 0 to " + std::to_string(max));
    return number;
}

boost::json::object cellBody(const codec::BlockChange& cell, const world::BlockTypeRegistry& blockTypes) {
    return {{"x", cell.x},
            {"y", cell.y},
            {"type", cell.type},
            {"block_type", blockTypes.displayName(cell.type)},
            {"hlc", cell.hlc},
            {"hlc_str", exactText(cell.hlc)},
            {"origin_region", cell.origin}};
}

template <typename Handler>
auto adminOnly(auth::AuthService& auth, Handler handler) {
    return [&auth, handler = std::move(handler)](const http::Request& request,
                                                 const http::RequestContext& context) -> http::Response {
        const auto claims =
            auth.authorize(request[beasthttp::field::authorization], auth::AuthService::kAdminRole);
        if (const auto* error = std::get_if<auth::AuthzError>(&claims)) return toResponse(*error);
        return handler(request, context);
    };
}

}  // namespace

std::vector<codec::BlockChange> parseMergeCells(std::string_view body, std::size_t maxCells) {
    const auto object = parseJsonObject(body);
    const auto& field = requireField(object, "cells", "cells");
    const auto* array = field.if_array();
    if (array == nullptr) throw ApiError::badRequest("invalid_field", "cells: expected an array of cells");
    if (array->size() > maxCells)
        throw ApiError::badRequest("too_many_cells", "cells: at most " + std::to_string(maxCells) +
                                                         " cells per request; send them in several requests");
    std::vector<codec::BlockChange> cells;
    cells.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string path = "cells[" + std::to_string(i) + "]";
        const auto* cell = (*array)[i].if_object();
        if (cell == nullptr) throw ApiError::badRequest("invalid_field", path + ": expected an object");
        codec::BlockChange change;
        change.x = requireInt32(*cell, "x", path + ".x");
        change.y = requireInt32(*cell, "y", path + ".y");
        change.type = static_cast<std::uint16_t>(requireUnsigned(*cell, "type", path + ".type", 65535));
        change.hlc = requireUint64(*cell, "hlc", path + ".hlc");
        change.origin = requireString(*cell, "origin_region", path + ".origin_region");
        if (change.hlc == 0)
            throw ApiError::badRequest("invalid_field", path + ".hlc: a set cell has an hlc above 0");
        if (!regions::isValidRegionId(change.origin))
            throw ApiError::badRequest(
                "invalid_field",
                path + ".origin_region: expected a region id matching [a-z0-9][a-z0-9-]{0,31}");
        cells.push_back(std::move(change));
    }
    return cells;
}

world::SyncPositions parseCompleteSources(std::string_view body) {
    world::SyncPositions covered;
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return covered;
    const auto object = parseJsonObject(body);
    const auto* sources = object.if_contains("sources");
    if (sources == nullptr || sources->is_null()) return covered;
    if (!sources->is_object())
        throw ApiError::badRequest("invalid_field",
                                   "sources: expected an object of region -> {batch_seq, stream_seq}");
    for (const auto& [region, value] : sources->get_object()) {
        const std::string path = "sources." + std::string(region);
        if (!regions::isValidRegionId(region))
            throw ApiError::badRequest("invalid_field",
                                       path + ": expected a region id matching [a-z0-9][a-z0-9-]{0,31}");
        const auto* position = value.if_object();
        if (position == nullptr) throw ApiError::badRequest("invalid_field", path + ": expected an object");
        covered.sources[std::string(region)] =
            world::SourcePosition{requireUint64(*position, "batch_seq", path + ".batch_seq"),
                                  requireUint64(*position, "stream_seq", path + ".stream_seq")};
    }
    return covered;
}

void addChunkRoutes(http::Router& router, ChunkRoutesDeps deps) {
    auto shared = std::make_shared<ChunkRoutesDeps>(std::move(deps));
    auto blockTypes = std::make_shared<const world::BlockTypeRegistry>();
    router.add(
        beasthttp::verb::get, "/api/world/chunks",
        [shared](const http::Request&, const http::RequestContext&) {
            boost::json::array chunks;
            for (const auto& summary : shared->world.chunkSummaries())
                chunks.push_back(boost::json::object{{"cx", summary.chunk.cx},
                                                     {"cy", summary.chunk.cy},
                                                     {"digest", world::WorldDigest::toHex(summary.digest)},
                                                     {"blocks", summary.blocks},
                                                     {"cells", summary.cells}});
            return http::jsonResponse(beasthttp::status::ok,
                                      boost::json::object{{"region", shared->region},
                                                          {"digest", shared->world.digestHex()},
                                                          {"chunk_side", world::World::kChunkSide},
                                                          {"chunks", std::move(chunks)}});
        });
    router.add(
        beasthttp::verb::get, "/api/world/chunk",
        [shared, blockTypes](const http::Request& request, const http::RequestContext&) {
            const QueryParams query(request);
            const world::ChunkCoord chunk{query.requireInt32("cx"), query.requireInt32("cy")};
            constexpr std::int32_t kLimit = std::int32_t{1} << (31 - world::World::kChunkBits);
            if (chunk.cx < -kLimit || chunk.cx >= kLimit || chunk.cy < -kLimit || chunk.cy >= kLimit)
                throw ApiError::badRequest("invalid_parameter", "cx and cy: a chunk coordinate from " +
                                                                    std::to_string(-kLimit) + " to " +
                                                                    std::to_string(kLimit - 1));
            boost::json::array cells;
            world::WorldDigest digest;
            for (const auto& cell : shared->world.chunkCells(chunk)) {
                if (cell.type != 0)
                    digest.add(world::WorldDigest::cellHash(cell.x, cell.y, cell.type, cell.hlc,
                                                            world::WorldDigest::regionHash(cell.origin)));
                cells.push_back(cellBody(cell, *blockTypes));
            }
            return http::jsonResponse(beasthttp::status::ok,
                                      boost::json::object{{"region", shared->region},
                                                          {"cx", chunk.cx},
                                                          {"cy", chunk.cy},
                                                          {"digest", digest.hex()},
                                                          {"cells", std::move(cells)}});
        });
    router.add(beasthttp::verb::post, "/api/admin/world/merge",
               adminOnly(shared->auth, [shared](const http::Request& request, const http::RequestContext&) {
                   const auto cells = parseMergeCells(request.body(), kMaxMergeCells);
                   const auto counts = shared->merge(cells);
                   return http::jsonResponse(beasthttp::status::ok,
                                             boost::json::object{{"region", shared->region},
                                                                 {"applied", counts.applied},
                                                                 {"stale", counts.stale},
                                                                 {"duplicate", counts.duplicate}});
               }));
    router.add(beasthttp::verb::post, "/api/admin/world/complete",
               adminOnly(shared->auth, [shared](const http::Request& request, const http::RequestContext&) {
                   shared->markComplete("declared complete by an admin (mmoctl repair)",
                                        parseCompleteSources(request.body()));
                   return http::jsonResponse(
                       beasthttp::status::ok,
                       boost::json::object{{"region", shared->region}, {"complete", true}});
               }));
}

}  // namespace mmo::api
