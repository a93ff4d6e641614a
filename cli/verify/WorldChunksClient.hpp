#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cli/verify/ChunkDiff.hpp"
#include "common/codec/BlockChange.hpp"

namespace mmo::cli {

// Counts a node reports after POST /api/admin/world/merge.
struct MergeCounts {
    std::uint64_t applied = 0;
    std::uint64_t stale = 0;
    std::uint64_t duplicate = 0;
};

// The anti-entropy calls of docs/rest-api.md ("World chunks") to one node (127.0.0.1 unless a host is given).
// Every failure throws NodeApiError (an error answer) or http_client::HttpClientError (no answer).
class WorldChunksClient {
  public:
    WorldChunksClient(std::string region, int restPort, std::chrono::milliseconds timeout)
        : WorldChunksClient(std::move(region), "127.0.0.1", restPort, timeout) {}
    WorldChunksClient(std::string region, std::string host, int restPort, std::chrono::milliseconds timeout)
        : region_(std::move(region)), host_(std::move(host)), port_(restPort), timeout_(timeout) {}

    // GET /api/world/chunks.
    RegionChunks chunks() const;
    // GET /api/world/chunk?cx=&cy=.
    std::vector<codec::BlockChange> cells(ChunkKey chunk) const;
    // POST /api/admin/world/merge, in requests of at most 4096 cells.
    MergeCounts merge(const std::string& token, const std::vector<codec::BlockChange>& cells) const;
    // GET /api/sync/status "sources": source region -> (batch seq, stream seq) applied here.
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> appliedSources() const;
    // POST /api/admin/world/complete with the sources' positions the repaired world now holds.
    void markComplete(const std::string& token,
                      const std::map<std::string, std::pair<std::uint64_t, std::uint64_t>>& covered) const;

  private:
    std::string region_;
    std::string host_;
    int port_;
    std::chrono::milliseconds timeout_;
};

}  // namespace mmo::cli
