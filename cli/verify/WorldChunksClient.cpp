#include "cli/verify/WorldChunksClient.hpp"

#include <boost/json.hpp>

#include "cli/admin/NodeApiClient.hpp"
#include "common/http/HttpClient.hpp"

namespace mmo::cli {

namespace json = boost::json;

namespace {

constexpr std::size_t kCellsPerRequest = 4096;

[[noreturn]] void badAnswer(const std::string& what) {
    throw NodeApiError(200, "bad_response", what + ": the node's answer lacks a field mmoctl needs");
}

std::int64_t integer(const json::object& object, const char* key, const std::string& what) {
    const auto* value = object.if_contains(key);
    if (value && value->is_int64()) return value->get_int64();
    if (value && value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(value->get_uint64());
    badAnswer(what);
}

std::uint64_t unsignedInt(const json::object& object, const char* key, const std::string& what) {
    const auto* value = object.if_contains(key);
    if (value && value->is_uint64()) return value->get_uint64();
    if (value && value->is_int64() && value->get_int64() >= 0)
        return static_cast<std::uint64_t>(value->get_int64());
    badAnswer(what);
}

std::string text(const json::object& object, const char* key, const std::string& what) {
    const auto* value = object.if_contains(key);
    if (!value || !value->is_string()) badAnswer(what);
    return std::string(value->get_string());
}

const json::array& array(const json::object& object, const char* key, const std::string& what) {
    const auto* value = object.if_contains(key);
    if (!value || !value->is_array()) badAnswer(what);
    return value->get_array();
}

}  // namespace

RegionChunks WorldChunksClient::chunks() const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    const std::string what = region_ + ": GET /api/world/chunks";
    const auto answer = expectNodeAnswer(
        http_client::get(host_, static_cast<std::uint16_t>(port_), "/api/world/chunks", options), 200, what);
    RegionChunks result{region_, {}};
    for (const auto& entry : array(answer, "chunks", what)) {
        if (!entry.is_object()) badAnswer(what);
        const auto& chunk = entry.get_object();
        result.digests[{static_cast<std::int32_t>(integer(chunk, "cx", what)),
                        static_cast<std::int32_t>(integer(chunk, "cy", what))}] = text(chunk, "digest", what);
    }
    return result;
}

std::vector<codec::BlockChange> WorldChunksClient::cells(ChunkKey chunk) const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    const std::string target =
        "/api/world/chunk?cx=" + std::to_string(chunk.first) + "&cy=" + std::to_string(chunk.second);
    const std::string what = region_ + ": GET " + target;
    const auto answer = expectNodeAnswer(
        http_client::get(host_, static_cast<std::uint16_t>(port_), target, options), 200, what);
    std::vector<codec::BlockChange> cells;
    for (const auto& entry : array(answer, "cells", what)) {
        if (!entry.is_object()) badAnswer(what);
        const auto& cell = entry.get_object();
        cells.push_back(codec::BlockChange{static_cast<std::int32_t>(integer(cell, "x", what)),
                                           static_cast<std::int32_t>(integer(cell, "y", what)),
                                           static_cast<std::uint16_t>(unsignedInt(cell, "type", what)),
                                           unsignedInt(cell, "hlc", what),
                                           text(cell, "origin_region", what)});
    }
    return cells;
}

MergeCounts WorldChunksClient::merge(const std::string& token,
                                     const std::vector<codec::BlockChange>& cells) const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    options.headers["Authorization"] = "Bearer " + token;
    MergeCounts total;
    for (std::size_t start = 0; start < cells.size(); start += kCellsPerRequest) {
        json::array list;
        for (std::size_t i = start; i < std::min(cells.size(), start + kCellsPerRequest); ++i)
            list.push_back(json::object{{"x", cells[i].x},
                                        {"y", cells[i].y},
                                        {"type", cells[i].type},
                                        {"hlc", cells[i].hlc},
                                        {"origin_region", cells[i].origin}});
        const std::string what = region_ + ": POST /api/admin/world/merge";
        const auto answer = expectNodeAnswer(
            http_client::post(host_, static_cast<std::uint16_t>(port_), "/api/admin/world/merge",
                              json::serialize(json::object{{"cells", std::move(list)}}), options),
            200, what);
        total.applied += unsignedInt(answer, "applied", what);
        total.stale += unsignedInt(answer, "stale", what);
        total.duplicate += unsignedInt(answer, "duplicate", what);
    }
    return total;
}

std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> WorldChunksClient::appliedSources() const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    const std::string what = region_ + ": GET /api/sync/status";
    const auto answer = expectNodeAnswer(
        http_client::get(host_, static_cast<std::uint16_t>(port_), "/api/sync/status", options), 200, what);
    const auto* sources = answer.if_contains("sources");
    if (!sources || !sources->is_object()) badAnswer(what);
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> applied;
    for (const auto& [region, value] : sources->get_object()) {
        if (!value.is_object()) badAnswer(what);
        applied[std::string(region)] = {unsignedInt(value.get_object(), "applied_batch_seq", what),
                                        unsignedInt(value.get_object(), "stream_seq", what)};
    }
    return applied;
}

void WorldChunksClient::markComplete(
    const std::string& token,
    const std::map<std::string, std::pair<std::uint64_t, std::uint64_t>>& covered) const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    options.headers["Authorization"] = "Bearer " + token;
    json::object sources;
    for (const auto& [region, position] : covered)
        sources[region] = {{"batch_seq", position.first}, {"stream_seq", position.second}};
    expectNodeAnswer(
        http_client::post(host_, static_cast<std::uint16_t>(port_), "/api/admin/world/complete",
                          json::serialize(json::object{{"sources", std::move(sources)}}), options),
        200, region_ + ": POST /api/admin/world/complete");
}

}  // namespace mmo::cli
