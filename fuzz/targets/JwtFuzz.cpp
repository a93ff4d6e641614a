// Fuzzes the node's JWT handling (node/auth): JwtCodec::verify with the fuzz secret and clock, and
// AuthService::authorize on the same bytes as an Authorization header. Since the fuzzer cannot forge
// an HMAC, the target also signs the input's "header.payload" itself (HMAC-SHA256 with the fuzz secret,
// as a token issuer would) and verifies that, so that mutations reach the header and claim checks behind
// the signature. Invariants:
//  - verify and authorize never throw on any input;
//  - a token signed with the right key is never rejected as badly signed;
//  - a token that verifies says HS256 in its header (checked with an independent JSON parse), has not
//    expired, has claims that sign and verify again to the same claims, and is accepted by authorize as
//    "Bearer <token>" with the same claims.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/sinks/null_sink.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz/support/FuzzCheck.hpp"
#include "fuzz/support/FuzzFixtures.hpp"
#include "node/auth/AuthService.hpp"
#include "node/auth/Base64Url.hpp"
#include "node/auth/JwtCodec.hpp"

namespace mmo::fuzz {
namespace {

using auth::Claims;
using auth::JwtCodec;
using auth::JwtError;
using auth::JwtErrorCode;

const JwtCodec& codec() {
    static const JwtCodec instance{auth::SecretBytes(kJwtSecret), kTokenLifetime};
    return instance;
}

const auth::AuthService& authService() {
    static const auth::AuthService instance = [] {
        auth::AuthSettings settings;
        settings.jwt_secret = std::string(kJwtSecret);
        settings.argon2_ops_limit = crypto_pwhash_OPSLIMIT_MIN;
        settings.argon2_mem_limit = crypto_pwhash_MEMLIMIT_MIN;
        settings.data_dir = "/nonexistent-fuzz-data-dir";  // never used: the secret is configured
        auto logger =
            std::make_shared<spdlog::logger>("fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
        return auth::AuthService(std::move(settings), logger, [] { return fixedNow(); });
    }();
    return instance;
}

// "<signingInput>.<base64url(HMAC-SHA256(secret, signingInput))>".
std::string signedToken(std::string_view signingInput) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), kJwtSecret.data(), static_cast<int>(kJwtSecret.size()),
         reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), mac.data(),
         &length);
    return std::string(signingInput) + "." +
           auth::base64url::encode(std::span<const unsigned char>(mac.data(), length));
}

// The token's header as JSON, parsed independently of JwtCodec.
boost::json::object headerOf(std::string_view token) {
    const auto text = auth::base64url::decode(token.substr(0, token.find('.')));
    MMO_FUZZ_CHECK(text.has_value(), "an accepted token's header is base64url");
    boost::system::error_code error;
    auto value = boost::json::parse(*text, error);
    MMO_FUZZ_CHECK(!error && value.is_object(), "an accepted token's header is a JSON object");
    return std::move(value.as_object());
}

void checkVerified(std::string_view token, const std::variant<Claims, JwtError>& result) {
    if (const auto* error = std::get_if<JwtError>(&result)) {
        if (tracing()) trace(std::string(auth::toString(error->code)) + ": " + error->message);
        MMO_FUZZ_CHECK(!error->message.empty(), "a rejection says why");
        return;
    }
    const Claims& claims = std::get<Claims>(result);
    if (tracing()) trace("verified: sub=" + claims.sub + " role=" + claims.role);
    const auto header = headerOf(token);
    const auto* alg = header.if_contains("alg");
    MMO_FUZZ_CHECK(alg != nullptr && alg->is_string() && alg->as_string() == "HS256",
                   "only HS256 tokens are accepted (algorithm pinned)");
    MMO_FUZZ_CHECK(!header.contains("crit"), "tokens with crit are refused");
    MMO_FUZZ_CHECK(claims.exp > kNowUnixSeconds, "an accepted token has not expired");
    MMO_FUZZ_CHECK(claims.exp <= kNowUnixSeconds + std::chrono::seconds(kTokenLifetime).count() +
                                     JwtCodec::kClockSkew.count(),
                   "an accepted token expires within the token lifetime");
    const auto again = codec().verify(codec().sign(claims), fixedNow());
    MMO_FUZZ_CHECK(std::holds_alternative<Claims>(again) && std::get<Claims>(again) == claims,
                   "verified claims sign and verify to the same claims");
    const auto authorized = authService().authorize("Bearer " + std::string(token), "");
    MMO_FUZZ_CHECK(std::holds_alternative<Claims>(authorized) && std::get<Claims>(authorized) == claims,
                   "authorize accepts a token that verifies, with the same claims");
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mmo::fuzz;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    checkVerified(input, codec().verify(input, fixedNow()));
    // The input as an Authorization header value, whatever it holds.
    static_cast<void>(authService().authorize(input, mmo::auth::AuthService::kAdminRole));

    // Signed by the target: "header.payload" is the input up to its second dot.
    const std::size_t dot1 = input.find('.');
    if (dot1 == std::string_view::npos) return 0;
    const std::size_t dot2 = input.find('.', dot1 + 1);
    const std::string_view signingInput = input.substr(0, dot2);
    if (std::count(signingInput.begin(), signingInput.end(), '.') != 1) return 0;
    const std::string token = signedToken(signingInput);
    if (token.size() > JwtCodec::kMaxTokenBytes) return 0;
    const auto result = codec().verify(token, fixedNow());
    if (const auto* error = std::get_if<JwtError>(&result))
        MMO_FUZZ_CHECK(error->code != JwtErrorCode::BadSignature,
                       "a correctly signed token is never badly signed");
    checkVerified(token, result);
    return 0;
}
