#include "node/api/SyncRoutes.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "common/http/Responses.hpp"
#include "node/api/ExactNumbers.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

std::string formatRfc3339(std::chrono::system_clock::time_point time) {
    const auto millis = std::chrono::floor<std::chrono::milliseconds>(time);
    const auto seconds = std::chrono::floor<std::chrono::seconds>(millis);
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z",
                       fmt::gmtime(std::chrono::system_clock::to_time_t(seconds)),
                       static_cast<int>((millis - seconds).count()));
}

boost::json::object syncStatusBody(const sync::SyncStatus& status) {
    boost::json::object sources;
    for (const auto& [region, position] : status.applied.sources)
        sources[region] = {{"applied_batch_seq", position.batch_seq},
                           {"applied_batch_seq_str", exactText(position.batch_seq)},
                           {"stream_seq", position.stream_seq},
                           {"stream_seq_str", exactText(position.stream_seq)}};
    boost::json::object body{
        {"region", status.region},
        {"nats", {{"connected", status.natsConnected}, {"server", status.natsServer}}},
        {"caught_up", status.caughtUp},
        {"pending_changes", status.pendingChanges},
        {"unpublished_changes", status.unpublishedChanges},
        {"publish_stalled", status.publishStalled},
        {"last_published_batch_seq", status.lastPublishedSeq},
        {"last_published_batch_seq_str", exactText(status.lastPublishedSeq)},
        {"stream_seq", status.applied.stream_seq},
        {"stream_seq_str", exactText(status.applied.stream_seq)},
        {"lag_messages", static_cast<std::uint64_t>(std::max(0.0, status.streamLag))},
        {"sources", std::move(sources)},
    };
    body["bootstrapping"] = status.bootstrapping;
    body["world_complete"] = !status.missing.has_value();
    if (status.missing)
        body["missing_stream_seqs"] = {{"from", status.missing->from},
                                       {"from_str", exactText(status.missing->from)},
                                       {"to", status.missing->to},
                                       {"to_str", exactText(status.missing->to)}};
    else
        body["missing_stream_seqs"] = nullptr;
    if (status.lastFlush)
        body["last_flush"] = formatRfc3339(*status.lastFlush);
    else
        body["last_flush"] = nullptr;
    return body;
}

void addSyncRoutes(http::Router& router, SyncStatusSource status) {
    router.add(beasthttp::verb::get, "/api/sync/status",
               [status = std::move(status)](const http::Request&, const http::RequestContext&) {
                   return http::jsonResponse(beasthttp::status::ok, syncStatusBody(status()));
               });
}

}  // namespace mmo::api
