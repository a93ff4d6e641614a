#include "node/api/AuthRoutes.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <exception>

#include "common/http/Responses.hpp"
#include "node/api/ApiError.hpp"
#include "node/api/ErrorMapping.hpp"
#include "node/api/JsonFields.hpp"

namespace mmo::api {

namespace beasthttp = boost::beast::http;

namespace {

struct Credentials {
    std::string username;
    std::string password;
};

Credentials parseCredentials(std::string_view body) {
    const auto object = parseJsonObject(body);
    return {requireString(object, "username", "username"), requireString(object, "password", "password")};
}

http::Response loginResponse(const std::variant<auth::LoginResult, auth::LoginError>& outcome) {
    if (const auto* error = std::get_if<auth::LoginError>(&outcome)) return toResponse(*error);
    const auto& result = std::get<auth::LoginResult>(outcome);
    return http::jsonResponse(beasthttp::status::ok, boost::json::object{{"token", result.token},
                                                                         {"token_type", result.token_type},
                                                                         {"expires_in", result.expires_in},
                                                                         {"role", result.role}});
}

http::Response retryLater(beasthttp::status status, const char* code, const char* message) {
    auto response = toResponse(ApiError(status, code, message));
    response.set(beasthttp::field::retry_after, "1");
    return response;
}

}  // namespace

void addAuthRoutes(http::Router& router, auth::AuthService& auth, BoundedWorkPool& workers,
                   std::shared_ptr<spdlog::logger> logger) {
    router.addAsync(
        beasthttp::verb::post, "/api/auth/login",
        [&auth, &workers, logger](http::Request&& request, const http::RequestContext& context,
                                  http::Respond respond) {
            Credentials credentials = parseCredentials(request.body());
            const auto address = context.remote.to_string();
            const bool loopback = context.remoteIsLoopback();
            // A locked-out address is answered here, on the I/O thread: it never waits for, nor takes, a
            // place on the login workers.
            if (auto refusal = auth.refusalBeforeHashing(address)) {
                respond(toResponse(*refusal));
                return;
            }
            const auto posted = workers.tryPost(address, [&auth, logger, respond, address, loopback,
                                                          credentials = std::move(credentials)]() mutable {
                try {
                    respond(loginResponse(
                        auth.login(credentials.username, credentials.password, address, loopback)));
                } catch (const std::exception& error) {
                    logger->error("Login failed with an internal error: {}", error.what());
                    respond(toResponse(
                        ApiError(beasthttp::status::internal_server_error, "internal", "internal error")));
                }
            });
            switch (posted) {
                case BoundedWorkPool::PostResult::Queued:
                    return;
                case BoundedWorkPool::PostResult::KeyFull:
                    respond(retryLater(beasthttp::status::too_many_requests, "too_many_logins",
                                       "logins from this address are already in progress "
                                       "(auth.login_queue_per_address); retry in 1 s"));
                    return;
                case BoundedWorkPool::PostResult::Full:
                case BoundedWorkPool::PostResult::Stopped:
                    respond(retryLater(beasthttp::status::service_unavailable, "busy",
                                       "too many logins in progress (auth.login_queue_size); retry in 1 s"));
                    return;
            }
        });
}

}  // namespace mmo::api
