#pragma once

#include <spdlog/logger.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "node/auth/AuthErrors.hpp"
#include "node/auth/AuthSettings.hpp"
#include "node/auth/Clock.hpp"
#include "node/auth/JwtClaims.hpp"
#include "node/auth/JwtCodec.hpp"
#include "node/auth/LoginThrottle.hpp"
#include "node/auth/PasswordHasher.hpp"

namespace mmo::auth {

// A successful login, the body of POST /api/auth/login's 200.
struct LoginResult {
    std::string token;
    std::string token_type = "Bearer";
    std::int64_t expires_in = 0;  // seconds
    std::string role;
};

// The node's authentication facade for the REST routes: admin login (argon2id, throttled per address,
// default password only from loopback) and bearer-token authorization (HS256 JWT, algorithm pinned).
//
// login() verifies an argon2id hash: with the default limits that is ~0.1-0.5 s of CPU and 64 MiB of
// memory per call, on purpose. Callers MUST run it off the I/O thread (a small, bounded worker pool:
// each concurrent call holds its own 64 MiB). authorize() is cheap (one HMAC) and fine on the I/O thread.
// Both are thread-safe.
class AuthService {
  public:
    static constexpr std::string_view kAdminRole = "admin";
    // Longer passwords are refused without hashing.
    static constexpr std::size_t kMaxPasswordBytes = 1024;
    // What the node logs at start when usesDefaultPassword() (and loopback clients may use it).
    static constexpr std::string_view kDefaultPasswordWarning =
        "Default admin password ChangeMe123! is in use: it is accepted only from loopback clients; set "
        "auth.admin_password or GAME_AUTH_ADMIN_PASSWORD";
    // The same when auth.default_password_from_loopback is false.
    static constexpr std::string_view kDefaultPasswordRefusedWarning =
        "Default admin password ChangeMe123! is in use and auth.default_password_from_loopback is false: "
        "no client can log in; set auth.admin_password or GAME_AUTH_ADMIN_PASSWORD";

    // Hashes the admin password once and wipes its own plain-text copy; resolves the JWT secret (see
    // SecretStore). Throws AuthSetupError on a bad secret (exit 2), std::invalid_argument on bad limits.
    AuthService(AuthSettings settings, std::shared_ptr<spdlog::logger> logger, Clock clock);

    // The refusal a client at `clientAddress` gets without any hashing (its address is locked out), or
    // nullopt. Cheap: the REST route asks it on the I/O thread before it queues a login, so a throttled
    // address never takes a place on the login workers.
    std::optional<LoginError> refusalBeforeHashing(const std::string& clientAddress);
    // Checks the admin credentials of a client at `clientAddress`; slow, see the class comment.
    std::variant<LoginResult, LoginError> login(std::string_view username, std::string_view password,
                                                const std::string& clientAddress, bool clientIsLoopback);
    // Checks an Authorization header value ("Bearer <jwt>") and that its role may act as `requiredRole`
    // (admin may do everything; an empty requiredRole accepts any valid token).
    std::variant<Claims, AuthzError> authorize(std::string_view authorizationHeader,
                                               std::string_view requiredRole) const;
    // True when the configured admin password is the documented default ChangeMe123!.
    bool usesDefaultPassword() const { return usesDefaultPassword_; }
    // What to log at start when usesDefaultPassword().
    std::string_view defaultPasswordWarning() const {
        return defaultPasswordFromLoopback_ ? kDefaultPasswordWarning : kDefaultPasswordRefusedWarning;
    }

  private:
    using Digest = std::array<unsigned char, 32>;
    static Digest digestOf(std::string_view text);

    std::shared_ptr<spdlog::logger> logger_;
    Clock clock_;
    PasswordHasher hasher_;
    bool usesDefaultPassword_;
    bool defaultPasswordFromLoopback_;
    Digest usernameDigest_;
    std::string adminUsername_;
    std::string passwordHash_;
    std::chrono::seconds tokenTtl_;
    LoginThrottle throttle_;
    JwtCodec jwt_;
};

}  // namespace mmo::auth
