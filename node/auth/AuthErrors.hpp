#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace mmo::auth {

// Why login() refused. HTTP status: httpStatus(); JSON error code: toString().
enum class LoginErrorCode {
    InvalidCredentials,     // 401: wrong user name or password (never says which)
    Throttled,              // 429: too many failures from this address; see retry_after
    DefaultPasswordRemote,  // 403: the default password is accepted only from loopback clients
};

// A refused login; `message` is safe to send to the client.
struct LoginError {
    LoginErrorCode code;
    std::string message;
    std::chrono::seconds retry_after{0};  // Throttled only: for the Retry-After header
};

// Why authorize() refused. HTTP status: httpStatus(); JSON error code: toString().
enum class AuthzErrorCode {
    Unauthenticated,  // 401: header missing, not Bearer, or token malformed/expired/badly signed
    Forbidden,        // 403: valid token whose role lacks the permission
};

// A refused request; `message` says which check failed and is safe to send to the client.
struct AuthzError {
    AuthzErrorCode code;
    std::string message;
};

// The one place auth errors become HTTP statuses.
constexpr int httpStatus(LoginErrorCode code) {
    switch (code) {
        case LoginErrorCode::InvalidCredentials:
            return 401;
        case LoginErrorCode::Throttled:
            return 429;
        case LoginErrorCode::DefaultPasswordRemote:
            return 403;
    }
    return 500;
}

// 401 or 403.
constexpr int httpStatus(AuthzErrorCode code) {
    switch (code) {
        case AuthzErrorCode::Unauthenticated:
            return 401;
        case AuthzErrorCode::Forbidden:
            return 403;
    }
    return 500;
}

// The "code" of the JSON error body, e.g. "invalid_credentials".
constexpr std::string_view toString(LoginErrorCode code) {
    switch (code) {
        case LoginErrorCode::InvalidCredentials:
            return "invalid_credentials";
        case LoginErrorCode::Throttled:
            return "too_many_attempts";
        case LoginErrorCode::DefaultPasswordRemote:
            return "default_password_remote";
    }
    return "unknown";
}

// "unauthenticated" or "forbidden".
constexpr std::string_view toString(AuthzErrorCode code) {
    switch (code) {
        case AuthzErrorCode::Unauthenticated:
            return "unauthenticated";
        case AuthzErrorCode::Forbidden:
            return "forbidden";
    }
    return "unknown";
}

}  // namespace mmo::auth
