#pragma once

#include <spdlog/logger.h>

#include <memory>

#include "common/http/Router.hpp"
#include "node/api/BoundedWorkPool.hpp"
#include "node/auth/AuthService.hpp"

namespace mmo::api {

// POST /api/auth/login {username, password} -> 200 {token, token_type, expires_in, role}.
// login() is slow (argon2id), so it runs on `workers`, keyed by the client address, and the answer comes
// back through Respond. A locked-out address is answered 429 before it reaches the workers; an address
// with auth.login_queue_per_address logins in progress 429 too_many_logins, a full pool 503 busy (both
// with Retry-After). `auth` and `workers` must outlive the router's use.
void addAuthRoutes(http::Router& router, auth::AuthService& auth, BoundedWorkPool& workers,
                   std::shared_ptr<spdlog::logger> logger);

}  // namespace mmo::api
