#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "node/auth/JwtClaims.hpp"
#include "node/auth/SecretBytes.hpp"

namespace mmo::auth {

// HS256 JSON Web Tokens (RFC 7519) with the algorithm pinned: the header must say HS256, whatever the
// token claims, and anything else is rejected before the signature is looked at. Thread-safe (const).
class JwtCodec {
  public:
    // Tokens longer than this are Malformed without being decoded.
    static constexpr std::size_t kMaxTokenBytes = 4096;
    // The clock skew allowed between nodes: how far in the future iat and nbf may be before NotYetValid,
    // and how much further than maxLifetime exp may be before ExpiryTooFar.
    static constexpr std::chrono::seconds kClockSkew{60};

    // Signs and verifies with `secret` (HMAC-SHA256 key); a token whose exp lies more than maxLifetime
    // (auth.token_ttl_minutes) plus kClockSkew ahead is refused. Throws std::invalid_argument when the
    // secret is empty or maxLifetime is not positive.
    JwtCodec(SecretBytes secret, std::chrono::seconds maxLifetime);

    // "header.payload.signature", base64url without padding; header {"alg":"HS256","typ":"JWT"}.
    std::string sign(const Claims& claims) const;
    // The claims of a well-formed, correctly signed token that is valid at `now` (exp, nbf, iat, and exp
    // not beyond the lifetime), or why not.
    std::variant<Claims, JwtError> verify(std::string_view token,
                                          std::chrono::system_clock::time_point now) const;

  private:
    std::string mac(std::string_view signingInput) const;

    SecretBytes secret_;
    std::chrono::seconds maxLifetime_;
};

}  // namespace mmo::auth
