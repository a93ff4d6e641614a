#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mmo::auth {

// The claims the node puts in (and requires from) every token. Times are Unix seconds.
struct Claims {
    std::string sub;   // the user name
    std::string role;  // "admin"
    std::int64_t iat = 0;
    std::int64_t exp = 0;

    bool operator==(const Claims&) const = default;
};

// Why JwtCodec::verify rejected a token.
enum class JwtErrorCode {
    Malformed,     // structure, size, base64url, JSON or claim types
    BadAlgorithm,  // header alg is not HS256 (checked before the signature)
    BadSignature,  // HMAC-SHA256 does not match
    Expired,       // now >= exp
    NotYetValid,   // iat or nbf more than the allowed skew in the future
    ExpiryTooFar,  // exp further ahead than the token lifetime plus the skew
};

// A rejection with a message for the log and the client (it never echoes the token).
struct JwtError {
    JwtErrorCode code;
    std::string message;
};

// Short name of the code, e.g. "bad_signature".
std::string_view toString(JwtErrorCode code);

}  // namespace mmo::auth
