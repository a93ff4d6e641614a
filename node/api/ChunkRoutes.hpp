#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "common/http/Router.hpp"
#include "common/world/SyncPositions.hpp"
#include "common/world/World.hpp"
#include "node/auth/AuthService.hpp"

namespace mmo::api {

// What the anti-entropy routes need from the node.
struct ChunkRoutesDeps {
    const world::World& world;
    std::string region;
    auth::AuthService& auth;
    // Merges cells last-writer-wins (SyncService::merge in the node).
    std::function<world::ApplyCounts(const std::vector<codec::BlockChange>&)> merge;
    // Clears the "world incomplete" state and raises the sources' batch positions
    // (SyncService::markWorldComplete).
    std::function<void(const std::string& why, const world::SyncPositions& covered)> markComplete;
};

// Anti-entropy (docs/rest-api.md, "World chunks"):
//   GET  /api/world/chunks              every chunk's digest, block and cell count
//   GET  /api/world/chunk?cx=&cy=       one chunk's cells with hlc and origin (tombstones included)
//   POST /api/admin/world/merge         (admin) {cells: [...]} merged last-writer-wins
//   POST /api/admin/world/complete      (admin) {sources: {region: {batch_seq, stream_seq}}}: the operator
//                                       declares the world complete, holding those batches, after a repair
void addChunkRoutes(http::Router& router, ChunkRoutesDeps deps);

// Parses the body of POST /api/admin/world/merge (ApiError 400 naming the bad field).
std::vector<codec::BlockChange> parseMergeCells(std::string_view body, std::size_t maxCells);
// Parses the body of POST /api/admin/world/complete (an empty body or {} names no sources).
world::SyncPositions parseCompleteSources(std::string_view body);

}  // namespace mmo::api
