#include "cli/verify/ChunkDiff.hpp"

#include <set>

namespace mmo::cli {

namespace {
constexpr const char* kEmptyDigest = "0000000000000000";
}

std::vector<ChunkDifference> diffChunks(const std::vector<RegionChunks>& regions) {
    std::set<ChunkKey> all;
    for (const auto& region : regions)
        for (const auto& [chunk, digest] : region.digests) all.insert(chunk);
    std::vector<ChunkDifference> differences;
    for (const auto& chunk : all) {
        ChunkDifference difference{chunk, {}, {}};
        std::set<std::string> seen;
        for (const auto& region : regions) {
            const auto it = region.digests.find(chunk);
            // A chunk of tombstones only is invisible: the same as no chunk.
            const std::string digest = it == region.digests.end() ? kEmptyDigest : it->second;
            difference.digests[region.region] = it == region.digests.end() ? "" : it->second;
            seen.insert(digest);
        }
        if (seen.size() > 1) differences.push_back(std::move(difference));
    }
    return differences;
}

std::vector<CellDifference> diffCells(const std::map<std::string, std::vector<codec::BlockChange>>& cells) {
    std::map<ChunkKey, CellDifference> byCell;
    for (const auto& [region, list] : cells)
        for (const auto& cell : list) {
            auto& entry = byCell[{cell.y, cell.x}];
            entry.x = cell.x;
            entry.y = cell.y;
            entry.byRegion[region] = cell;
        }
    std::vector<CellDifference> differences;
    for (auto& [key, entry] : byCell) {
        bool same = entry.byRegion.size() == cells.size();
        const auto& first = entry.byRegion.begin()->second;
        for (const auto& [region, cell] : entry.byRegion)
            if (cell.type != first.type || cell.hlc != first.hlc || cell.origin != first.origin) same = false;
        if (!same) differences.push_back(std::move(entry));
    }
    return differences;
}

}  // namespace mmo::cli
