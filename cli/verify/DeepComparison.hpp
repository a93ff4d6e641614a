#pragma once

#include <boost/json/object.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "cli/verify/ChunkDiff.hpp"
#include "cli/verify/WorldChunksClient.hpp"

namespace mmo::cli {

// What `verify-sync --deep` and `repair` found: the chunks whose digests differ between regions, each
// with its differing cells.
struct DeepReport {
    std::vector<std::string> regions;
    std::size_t chunksCompared = 0;
    std::vector<ChunkDifference> chunks;
};

// Asks every region for its chunk digests, then the cells of each differing chunk. Throws what the
// clients throw.
DeepReport compareDeep(const std::vector<WorldChunksClient>& regions);

// The report for people: one line per differing chunk, then one per differing cell with each region's
// block type, hlc and origin.
void printDeepReport(const DeepReport& report, std::ostream& out);
// The same as JSON: {regions, chunks_compared, differing_chunks: [{cx, cy, digests, cells: [...]}]}; each
// cell's hlc is also given as a decimal string, hlc_str, as in the REST answers (docs/rest-api.md).
boost::json::object deepReportJson(const DeepReport& report);

}  // namespace mmo::cli
