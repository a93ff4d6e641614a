#include "node/api/AdminEventRoutes.hpp"

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>

#include "common/http/Responses.hpp"
#include "node/api/AdminEvent.hpp"
#include "node/api/ApiError.hpp"
#include "node/api/ErrorMapping.hpp"
#include "node/api/ExactNumbers.hpp"
#include "node/api/QueryParams.hpp"

namespace mmo::api {

namespace asio = boost::asio;
namespace beasthttp = boost::beast::http;

namespace {

// One answer for a submit: from the sync callback or from the timeout, whichever comes first.
struct PendingAnswer {
    PendingAnswer(asio::any_io_executor executor, http::Respond respond)
        : timer(std::move(executor)), respond(std::move(respond)) {}
    // True for the first caller only.
    bool claim() { return !done.exchange(true); }

    std::atomic<bool> done{false};
    asio::steady_timer timer;  // touched on the executor's thread only
    http::Respond respond;
};

sync::AckLevel ackLevelOf(const http::Request& request) {
    const QueryParams query(request);
    const auto* wait = query.find("wait");
    if (wait == nullptr || *wait == "durable") return sync::AckLevel::Durable;
    if (*wait == "published") return sync::AckLevel::Published;
    throw ApiError::badRequest("invalid_parameter",
                               "query parameter wait: expected \"durable\" or \"published\"");
}

http::Response accepted(const std::string& region, const AdminEvent& event, const sync::SubmitResult& result,
                        sync::AckLevel level) {
    const auto hlc = result.hlcs.empty() ? std::uint64_t{0} : result.hlcs.back();
    boost::json::object body{{"event_id", region + "-" + std::to_string(hlc)},
                             {"event_type", event.type},
                             {"hlc", hlc},
                             {"hlc_str", exactText(hlc)},
                             {"changes", event.writes.size()},
                             {"status", level == sync::AckLevel::Published ? "published" : "durable"}};
    if (level == sync::AckLevel::Published) {
        body["batch_seq"] = result.batchSeq;
        body["batch_seq_str"] = exactText(result.batchSeq);
    }
    return http::jsonResponse(beasthttp::status::accepted, body);
}

http::Response chatAccepted(const std::string& region, std::uint64_t number) {
    return http::jsonResponse(beasthttp::status::accepted,
                              boost::json::object{{"event_id", region + "-chat-" + std::to_string(number)},
                                                  {"event_type", "ChatEvent"},
                                                  {"hlc", 0},
                                                  {"hlc_str", "0"},
                                                  {"changes", 0},
                                                  {"status", "accepted"}});
}

void submitEvent(const AdminEventDeps& deps, AdminEvent event, sync::AckLevel level, http::Respond respond) {
    auto pending = std::make_shared<PendingAnswer>(deps.executor, std::move(respond));
    if (level == sync::AckLevel::Published) {
        pending->timer.expires_after(deps.publishWaitTimeout);
        pending->timer.async_wait([pending,
                                   timeout = deps.publishWaitTimeout](boost::system::error_code error) {
            if (error || !pending->claim()) return;
            pending->respond(toResponse(ApiError(
                beasthttp::status::gateway_timeout, "publish_timeout",
                "the changes are durable in this region but JetStream did not acknowledge them within " +
                    std::to_string(timeout.count()) + " ms; they will be published when NATS is reachable")));
        });
    }
    auto writes = event.writes;
    deps.submit(std::move(writes), level,
                [pending, region = deps.region, event = std::move(event), level](sync::SubmitResult result) {
                    // Runs on the sync thread; Respond moves the answer to the session's strand.
                    if (!pending->claim()) return;
                    if (!result.ok)
                        pending->respond(toResponse(ApiError(beasthttp::status::service_unavailable,
                                                             "sync_unavailable", result.error)));
                    else
                        pending->respond(accepted(region, event, result, level));
                    if (level == sync::AckLevel::Published)
                        asio::post(pending->timer.get_executor(), [pending] { pending->timer.cancel(); });
                });
}

}  // namespace

void addAdminEventRoutes(http::Router& router, AdminEventDeps deps) {
    auto shared = std::make_shared<const AdminEventDeps>(std::move(deps));
    auto blockTypes = std::make_shared<const world::BlockTypeRegistry>();
    auto chats = std::make_shared<std::atomic<std::uint64_t>>(0);
    router.addAsync(beasthttp::verb::post, "/api/admin/events/send",
                    [shared, blockTypes, chats](http::Request&& request, const http::RequestContext&,
                                                http::Respond respond) {
                        const auto claims = shared->auth.authorize(request[beasthttp::field::authorization],
                                                                   auth::AuthService::kAdminRole);
                        if (const auto* error = std::get_if<auth::AuthzError>(&claims))
                            return respond(toResponse(*error));
                        const sync::AckLevel level = ackLevelOf(request);
                        AdminEvent event = parseAdminEvent(request.body(), *blockTypes);
                        if (event.type == "ChatEvent") {
                            // No world effect: the line goes to the players of every region.
                            const auto& from = std::get<auth::Claims>(claims).sub;
                            shared->logger->info("Chat from {}: {}", from, event.chatText);
                            if (!shared->sayChat || !shared->sayChat(from, event.chatText))
                                return respond(http::errorResponse(
                                    beasthttp::status::service_unavailable, "sync_unavailable",
                                    "chat needs the NATS connection, which is down; "
                                    "retry when /readyz is 200"));
                            return respond(chatAccepted(shared->region, ++*chats));
                        }
                        submitEvent(*shared, std::move(event), level, std::move(respond));
                    });
}

}  // namespace mmo::api
