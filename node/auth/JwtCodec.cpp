#include "node/auth/JwtCodec.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <optional>
#include <stdexcept>

#include "node/auth/Base64Url.hpp"

namespace mmo::auth {

namespace {

constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::size_t kMacBytes = 32;

JwtError malformed(std::string message) {
    return {JwtErrorCode::Malformed, std::move(message)};
}

// Decodes one base64url segment and parses it as a JSON object.
std::optional<boost::json::object> decodeObject(std::string_view segment) {
    auto text = base64url::decode(segment);
    if (!text) return std::nullopt;
    try {
        boost::json::error_code ec;
        boost::json::value value = boost::json::parse(*text, ec);
        if (ec || !value.is_object()) return std::nullopt;
        return std::move(value.as_object());
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::int64_t> integerField(const boost::json::object& object, std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    if (value == nullptr) return std::nullopt;
    // Only integers: doubles, strings and values beyond int64 are rejected rather than rounded.
    if (value->is_int64()) return value->as_int64();
    return std::nullopt;
}

std::optional<std::string> stringValue(const boost::json::object& object, std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string(value->as_string());
}

std::int64_t unixSeconds(std::chrono::system_clock::time_point tp) {
    return std::chrono::duration_cast<std::chrono::seconds>(tp.time_since_epoch()).count();
}

}  // namespace

std::string_view toString(JwtErrorCode code) {
    switch (code) {
        case JwtErrorCode::Malformed:
            return "malformed";
        case JwtErrorCode::BadAlgorithm:
            return "bad_algorithm";
        case JwtErrorCode::BadSignature:
            return "bad_signature";
        case JwtErrorCode::Expired:
            return "expired";
        case JwtErrorCode::NotYetValid:
            return "not_yet_valid";
        case JwtErrorCode::ExpiryTooFar:
            return "expiry_too_far";
    }
    return "unknown";
}

JwtCodec::JwtCodec(SecretBytes secret, std::chrono::seconds maxLifetime)
    : secret_(std::move(secret)), maxLifetime_(maxLifetime) {
    if (secret_.size() == 0) throw std::invalid_argument("JwtCodec needs a non-empty secret");
    if (maxLifetime_.count() <= 0) throw std::invalid_argument("JwtCodec needs a positive token lifetime");
}

std::string JwtCodec::mac(std::string_view signingInput) const {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), secret_.bytes().data(), static_cast<int>(secret_.size()),
             reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), out.data(),
             &length) == nullptr ||
        length != kMacBytes) {
        throw std::runtime_error("HMAC-SHA256 failed (OpenSSL)");
    }
    return std::string(reinterpret_cast<const char*>(out.data()), length);
}

std::string JwtCodec::sign(const Claims& claims) const {
    boost::json::object payload;
    payload["sub"] = claims.sub;
    payload["role"] = claims.role;
    payload["iat"] = claims.iat;
    payload["exp"] = claims.exp;
    std::string signingInput =
        base64url::encode(kHeaderJson) + "." + base64url::encode(boost::json::serialize(payload));
    std::string signature = mac(signingInput);
    return signingInput + "." + base64url::encode(signature);
}

std::variant<Claims, JwtError> JwtCodec::verify(std::string_view token,
                                                std::chrono::system_clock::time_point now) const {
    if (token.empty()) return malformed("token is empty");
    if (token.size() > kMaxTokenBytes) return malformed("token is longer than 4096 bytes");
    if (std::count(token.begin(), token.end(), '.') != 2) {
        return malformed("token must have three dot-separated parts");
    }
    const std::size_t dot1 = token.find('.');
    const std::size_t dot2 = token.find('.', dot1 + 1);
    const std::string_view signingInput = token.substr(0, dot2);
    const std::string_view headerPart = token.substr(0, dot1);
    const std::string_view payloadPart = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view signaturePart = token.substr(dot2 + 1);

    auto header = decodeObject(headerPart);
    if (!header) return malformed("token header is not base64url-encoded JSON object");
    auto alg = stringValue(*header, "alg");
    if (!alg) return malformed("token header has no string \"alg\"");
    // Pinned algorithm: "none", HS512, RS256 (key confusion) ... never reach the signature check.
    if (*alg != "HS256") return JwtError{JwtErrorCode::BadAlgorithm, "token algorithm must be HS256"};
    if (header->contains("typ") && stringValue(*header, "typ") != "JWT") {
        return malformed("token header \"typ\" must be \"JWT\"");
    }
    if (header->contains("crit")) return malformed("token header \"crit\" is not supported");

    auto signature = base64url::decode(signaturePart);
    if (!signature) return malformed("token signature is not base64url");
    const std::string expected = mac(signingInput);
    if (signature->size() != expected.size() ||
        CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
        return JwtError{JwtErrorCode::BadSignature, "token signature is invalid"};
    }

    auto payload = decodeObject(payloadPart);
    if (!payload) return malformed("token payload is not base64url-encoded JSON object");
    auto sub = stringValue(*payload, "sub");
    auto role = stringValue(*payload, "role");
    auto iat = integerField(*payload, "iat");
    auto exp = integerField(*payload, "exp");
    if (!sub || !role) return malformed("token claims \"sub\" and \"role\" must be strings");
    if (!iat || !exp) return malformed("token claims \"iat\" and \"exp\" must be integers");
    if (*exp < *iat) return malformed("token claim \"exp\" is before \"iat\"");
    // nbf is optional (RFC 7519 4.1.5), but when present it is honoured, so it must be an integer too.
    const auto nbf = integerField(*payload, "nbf");
    if (payload->contains("nbf") && !nbf) return malformed("token claim \"nbf\" must be an integer");
    Claims claims{std::move(*sub), std::move(*role), *iat, *exp};

    const std::int64_t nowSeconds = unixSeconds(now);
    if (nowSeconds >= claims.exp) return JwtError{JwtErrorCode::Expired, "token has expired"};
    if (claims.iat > nowSeconds + kClockSkew.count()) {
        return JwtError{JwtErrorCode::NotYetValid, "token is issued in the future (iat)"};
    }
    if (nbf && *nbf > nowSeconds + kClockSkew.count()) {
        return JwtError{JwtErrorCode::NotYetValid, "token is not valid yet (nbf)"};
    }
    // The node never issues a token that lives longer than auth.token_ttl_minutes; one that claims to is
    // not the node's, or was signed for a longer lifetime that no longer applies.
    if (claims.exp > nowSeconds + maxLifetime_.count() + kClockSkew.count()) {
        return JwtError{JwtErrorCode::ExpiryTooFar,
                        "token expires further ahead than auth.token_ttl_minutes allows (exp); log in again"};
    }
    return claims;
}

}  // namespace mmo::auth
