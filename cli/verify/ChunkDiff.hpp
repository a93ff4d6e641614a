#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/codec/BlockChange.hpp"

// Anti-entropy between regions, as pure functions of what their REST APIs answered: which chunks differ
// (by chunk digest), and within a chunk which cells differ (by type, hlc and origin).
namespace mmo::cli {

using ChunkKey = std::pair<std::int32_t, std::int32_t>;  // (cx, cy)

// One region's GET /api/world/chunks: chunk -> digest (hex).
struct RegionChunks {
    std::string region;
    std::map<ChunkKey, std::string> digests;
};

// One cell as every region holds it; a region without the cell is absent from `byRegion`.
struct CellDifference {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::map<std::string, codec::BlockChange> byRegion;
};

struct ChunkDifference {
    ChunkKey chunk;
    std::map<std::string, std::string> digests;  // region -> digest ("" when the region has no such chunk)
    std::vector<CellDifference> cells;           // filled by diffCells
};

// Chunks whose digest is not the same in every region (a chunk missing in a region counts as its
// digest being ""), in (cx, cy) order. A chunk holding only tombstones has digest 0 everywhere: it never
// differs visibly, and is ignored when absent elsewhere.
std::vector<ChunkDifference> diffChunks(const std::vector<RegionChunks>& regions);

// The cells of one chunk that differ between regions (cells: region -> its cells of that chunk).
std::vector<CellDifference> diffCells(const std::map<std::string, std::vector<codec::BlockChange>>& cells);

}  // namespace mmo::cli
