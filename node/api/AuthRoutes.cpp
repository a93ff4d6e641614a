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

}  // namespace

void addAuthRoutes(http::Router& router, auth::AuthService& auth, BoundedWorkPool& workers,
                   std::shared_ptr<spdlog::logger> logger) {
    router.addAsync(beasthttp::verb::post, "/api/auth/login",
                    [&auth, &workers, logger](http::Request&& request, const http::RequestContext& context,
                                              http::Respond respond) {
                        Credentials credentials = parseCredentials(request.body());
                        const auto address = context.remote.to_string();
                        const bool loopback = context.remoteIsLoopback();
                        const bool queued = workers.tryPost([&auth, logger, respond, address, loopback,
                                                             credentials = std::move(credentials)]() mutable {
                            try {
                                respond(loginResponse(auth.login(credentials.username, credentials.password,
                                                                 address, loopback)));
                            } catch (const std::exception& error) {
                                logger->error("Login failed with an internal error: {}", error.what());
                                respond(toResponse(ApiError(beasthttp::status::internal_server_error,
                                                            "internal", "internal error")));
                            }
                        });
                        if (!queued) {
                            auto response =
                                toResponse(ApiError(beasthttp::status::service_unavailable, "busy",
                                                    "too many logins in progress; retry in 1 s"));
                            response.set(beasthttp::field::retry_after, "1");
                            respond(std::move(response));
                        }
                    });
}

}  // namespace mmo::api
