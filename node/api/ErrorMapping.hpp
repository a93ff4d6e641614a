#pragma once

#include "common/http/HttpTypes.hpp"
#include "node/api/ApiError.hpp"
#include "node/auth/AuthErrors.hpp"

// The one place where the REST API's typed errors become HTTP responses, all in the shape
// {"error":{"code","message"}}.
namespace mmo::api {

// The ApiError's status, code and message.
http::Response toResponse(const ApiError& error);

// 401 invalid_credentials, 403 default_password_remote, 429 too_many_attempts with Retry-After.
http::Response toResponse(const auth::LoginError& error);

// 401 unauthenticated (with WWW-Authenticate: Bearer) or 403 forbidden.
http::Response toResponse(const auth::AuthzError& error);

}  // namespace mmo::api
