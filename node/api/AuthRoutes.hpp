#pragma once

#include <spdlog/logger.h>

#include <memory>

#include "common/http/Router.hpp"
#include "node/api/BoundedWorkPool.hpp"
#include "node/auth/AuthService.hpp"

namespace mmo::api {

// POST /api/auth/login {username, password} -> 200 {token, token_type, expires_in, role}.
// login() is slow (argon2id), so it runs on `workers` and the answer comes back through Respond; a full
// pool answers 503 busy with Retry-After. `auth` and `workers` must outlive the router's use.
void addAuthRoutes(http::Router& router, auth::AuthService& auth, BoundedWorkPool& workers,
                   std::shared_ptr<spdlog::logger> logger);

}  // namespace mmo::api
