#include "node/auth/AuthService.hpp"

#include <sodium.h>

#include <stdexcept>

#include "node/auth/SecretStore.hpp"

namespace mmo::auth {

namespace {

void wipe(std::string& text) {
    if (!text.empty()) sodium_memzero(text.data(), text.size());
    text.clear();
}

// The JWT key, resolved before the codec is built; wipes the settings' copy of a configured secret.
SecretBytes resolveSecret(AuthSettings& settings, const std::shared_ptr<spdlog::logger>& logger) {
    SecretStore store(settings.data_dir, logger);
    SecretBytes secret = store.resolve(settings.jwt_secret);
    wipe(settings.jwt_secret);
    return secret;
}

std::chrono::seconds positiveTtl(std::chrono::minutes ttl) {
    if (ttl.count() <= 0) throw std::invalid_argument("auth.token_ttl_minutes must be positive");
    return ttl;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

AuthService::AuthService(AuthSettings settings, std::shared_ptr<spdlog::logger> logger, Clock clock)
    : logger_(std::move(logger)),
      clock_(std::move(clock)),
      hasher_(settings.argon2_ops_limit, settings.argon2_mem_limit),
      usesDefaultPassword_(settings.admin_password == kDefaultAdminPassword),
      defaultPasswordFromLoopback_(settings.default_password_from_loopback),
      usernameDigest_(digestOf(settings.admin_username)),
      adminUsername_(settings.admin_username),
      passwordHash_(hasher_.hash(settings.admin_password)),
      tokenTtl_(positiveTtl(settings.token_ttl)),
      throttle_(settings.login_max_failures, settings.login_failure_window, settings.login_lockout,
                settings.login_max_tracked_addresses),
      jwt_(resolveSecret(settings, logger_), tokenTtl_) {
    wipe(settings.admin_password);
}

AuthService::Digest AuthService::digestOf(std::string_view text) {
    // Comparing fixed-size digests hides the user name's length and content from timing.
    Digest digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    return digest;
}

std::optional<LoginError> AuthService::refusalBeforeHashing(const std::string& clientAddress) {
    const auto decision = throttle_.check(clientAddress, clock_());
    if (decision.allowed) return std::nullopt;
    return LoginError{LoginErrorCode::Throttled,
                      "too many failed logins from this address; retry in " +
                          std::to_string(decision.retry_after.count()) + " s",
                      decision.retry_after};
}

std::variant<LoginResult, LoginError> AuthService::login(std::string_view username, std::string_view password,
                                                         const std::string& clientAddress,
                                                         bool clientIsLoopback) {
    const auto now = clock_();
    // A locked-out address is refused before any hashing: throttling also caps the CPU spent on it.
    if (auto refusal = refusalBeforeHashing(clientAddress)) return std::move(*refusal);

    const bool userOk =
        sodium_memcmp(digestOf(username).data(), usernameDigest_.data(), Digest{}.size()) == 0;
    // The hash is verified even for a wrong user name, so the timing does not reveal which was wrong.
    const bool passwordOk = password.size() <= kMaxPasswordBytes && hasher_.verify(passwordHash_, password);
    if (!userOk || !passwordOk) {
        throttle_.recordFailure(clientAddress, now);
        logger_->warn("auth: failed login from {}", clientAddress);
        return LoginError{LoginErrorCode::InvalidCredentials, "invalid username or password"};
    }
    if (usesDefaultPassword_ && !defaultPasswordFromLoopback_) {
        throttle_.recordFailure(clientAddress, now);
        logger_->warn(
            "auth: refused the default admin password from {} (auth.default_password_from_loopback "
            "is false)",
            clientAddress);
        return LoginError{LoginErrorCode::DefaultPasswordRemote,
                          "the default admin password is refused from every client on this node "
                          "(auth.default_password_from_loopback is false); set auth.admin_password or "
                          "GAME_AUTH_ADMIN_PASSWORD"};
    }
    if (usesDefaultPassword_ && !clientIsLoopback) {
        throttle_.recordFailure(clientAddress, now);
        logger_->warn("auth: refused the default admin password from non-loopback client {}", clientAddress);
        return LoginError{LoginErrorCode::DefaultPasswordRemote,
                          "the default admin password is accepted only from loopback clients; set "
                          "auth.admin_password or GAME_AUTH_ADMIN_PASSWORD"};
    }
    throttle_.recordSuccess(clientAddress);

    const std::int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    Claims claims{adminUsername_, std::string(kAdminRole), iat, iat + tokenTtl_.count()};
    logger_->info("auth: {} logged in from {}", adminUsername_, clientAddress);
    return LoginResult{jwt_.sign(claims), "Bearer", tokenTtl_.count(), std::string(kAdminRole)};
}

std::variant<Claims, AuthzError> AuthService::authorize(std::string_view authorizationHeader,
                                                        std::string_view requiredRole) const {
    const std::string_view header = trim(authorizationHeader);
    if (header.empty()) {
        return AuthzError{AuthzErrorCode::Unauthenticated,
                          "missing Authorization header; log in at "
                          "POST /api/auth/login and send 'Bearer <token>'"};
    }
    const std::size_t space = header.find(' ');
    if (space == std::string_view::npos || !equalsIgnoreCase(header.substr(0, space), "Bearer")) {
        return AuthzError{AuthzErrorCode::Unauthenticated, "Authorization header must be 'Bearer <token>'"};
    }
    const std::string_view token = trim(header.substr(space + 1));
    auto verified = jwt_.verify(token, clock_());
    if (auto* error = std::get_if<JwtError>(&verified)) {
        return AuthzError{AuthzErrorCode::Unauthenticated, error->message};
    }
    Claims claims = std::move(std::get<Claims>(verified));
    if (!requiredRole.empty() && claims.role != requiredRole && claims.role != kAdminRole) {
        return AuthzError{
            AuthzErrorCode::Forbidden,
            "role '" + claims.role + "' may not do this; it needs role '" + std::string(requiredRole) + "'"};
    }
    return claims;
}

}  // namespace mmo::auth
