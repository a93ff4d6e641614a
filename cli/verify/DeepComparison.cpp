#include "cli/verify/DeepComparison.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <set>

#include "common/world/BlockTypeRegistry.hpp"
#include "common/world/World.hpp"

namespace mmo::cli {

DeepReport compareDeep(const std::vector<WorldChunksClient>& regions) {
    DeepReport report;
    std::vector<RegionChunks> all;
    for (const auto& region : regions) {
        all.push_back(region.chunks());
        report.regions.push_back(all.back().region);
    }
    std::set<ChunkKey> compared;
    for (const auto& region : all)
        for (const auto& [chunk, digest] : region.digests) compared.insert(chunk);
    report.chunksCompared = compared.size();
    report.chunks = diffChunks(all);
    for (auto& difference : report.chunks) {
        std::map<std::string, std::vector<codec::BlockChange>> cells;
        for (std::size_t i = 0; i < regions.size(); ++i)
            cells[report.regions[i]] = regions[i].cells(difference.chunk);
        difference.cells = diffCells(cells);
    }
    return report;
}

namespace {
std::string describeCell(const codec::BlockChange& cell, const world::BlockTypeRegistry& types) {
    return fmt::format("{} hlc {} from {}", types.displayName(cell.type), cell.hlc, cell.origin);
}
}  // namespace

void printDeepReport(const DeepReport& report, std::ostream& out) {
    const world::BlockTypeRegistry types;
    if (report.chunks.empty()) {
        out << fmt::format("deep: all {} chunks agree in every region\n", report.chunksCompared);
        return;
    }
    out << fmt::format("deep: {} of {} chunks differ\n", report.chunks.size(), report.chunksCompared);
    for (const auto& chunk : report.chunks) {
        constexpr std::int64_t side = world::World::kChunkSide;
        const std::int64_t x0 = chunk.chunk.first * side, y0 = chunk.chunk.second * side;
        std::string line = fmt::format("  chunk ({}, {}) cells x {}..{}, y {}..{}:", chunk.chunk.first,
                                       chunk.chunk.second, x0, x0 + side - 1, y0, y0 + side - 1);
        for (const auto& [region, digest] : chunk.digests)
            line += fmt::format(" {}={}", region, digest.empty() ? "(none)" : digest);
        out << line << "\n";
        constexpr std::size_t kCellsShown = 8;
        for (std::size_t i = 0; i < chunk.cells.size() && i < kCellsShown; ++i) {
            const auto& cell = chunk.cells[i];
            std::string cellLine = fmt::format("    ({}, {}):", cell.x, cell.y);
            for (const auto& region : report.regions) {
                const auto it = cell.byRegion.find(region);
                cellLine += fmt::format(
                    " {}: {};", region,
                    it == cell.byRegion.end() ? std::string("never set") : describeCell(it->second, types));
            }
            cellLine.pop_back();
            out << cellLine << "\n";
        }
        if (chunk.cells.size() > kCellsShown)
            out << fmt::format("    ... and {} more differing cells (--json lists them all)\n",
                               chunk.cells.size() - kCellsShown);
    }
}

boost::json::object deepReportJson(const DeepReport& report) {
    const world::BlockTypeRegistry types;
    boost::json::array chunks;
    for (const auto& chunk : report.chunks) {
        boost::json::object digests;
        for (const auto& [region, digest] : chunk.digests)
            digests[region] = digest.empty() ? boost::json::value(nullptr) : boost::json::value(digest);
        boost::json::array cells;
        for (const auto& cell : chunk.cells) {
            boost::json::object byRegion;
            for (const auto& region : report.regions) {
                const auto it = cell.byRegion.find(region);
                if (it == cell.byRegion.end()) {
                    byRegion[region] = nullptr;
                    continue;
                }
                byRegion[region] = {{"block_type", types.displayName(it->second.type)},
                                    {"hlc", it->second.hlc},
                                    {"hlc_str", std::to_string(it->second.hlc)},
                                    {"origin_region", it->second.origin}};
            }
            cells.push_back({{"x", cell.x}, {"y", cell.y}, {"regions", std::move(byRegion)}});
        }
        chunks.push_back({{"cx", chunk.chunk.first},
                          {"cy", chunk.chunk.second},
                          {"digests", std::move(digests)},
                          {"cells", std::move(cells)}});
    }
    boost::json::array regions;
    for (const auto& region : report.regions) regions.push_back(boost::json::value(region));
    return {{"regions", std::move(regions)},
            {"chunks_compared", report.chunksCompared},
            {"differing_chunks", std::move(chunks)}};
}

}  // namespace mmo::cli
