// Seeds of jwt: tokens from the node's JwtCodec with the fuzz secret (valid, expired, issued in the
// future, other roles), hand-built ones (other algorithms, odd claims, tampered parts), bare
// "header.payload" inputs (the target signs those itself) and Authorization header forms.
#include "fuzz/seeds/TokenSeeds.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

#include "fuzz/seeds/SeedWriter.hpp"
#include "fuzz/support/FuzzFixtures.hpp"
#include "node/auth/Base64Url.hpp"
#include "node/auth/JwtCodec.hpp"

namespace mmo::fuzz::seeds {

namespace {

constexpr const char* kTarget = "jwt";
constexpr std::string_view kHs256 = R"({"alg":"HS256","typ":"JWT"})";

std::string claimsJson(std::string_view sub, std::string_view role, std::int64_t iat, std::int64_t exp) {
    return R"({"sub":")" + std::string(sub) + R"(","role":")" + std::string(role) + R"(","iat":)" +
           std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) + "}";
}

// The signing input of a token (everything before its second dot).
std::string signingInputOf(const std::string& token) {
    return token.substr(0, token.rfind('.'));
}

}  // namespace

std::string nodeToken(const auth::Claims& claims) {
    const auth::JwtCodec codec{auth::SecretBytes(kJwtSecret), kTokenLifetime};
    return codec.sign(claims);
}

std::string rawToken(std::string_view headerJson, std::string_view payloadJson, bool sign) {
    const std::string input =
        auth::base64url::encode(headerJson) + "." + auth::base64url::encode(payloadJson);
    if (!sign) return input + ".";
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), kJwtSecret.data(), static_cast<int>(kJwtSecret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac.data(), &length);
    return input + "." + auth::base64url::encode(std::span<const unsigned char>(mac.data(), length));
}

auth::Claims freshClaims(std::string role) {
    return {"admin", std::move(role), kNowUnixSeconds, kNowUnixSeconds + 3600};
}

void writeTokenSeeds(SeedWriter& out) {
    const std::string admin = nodeToken(freshClaims("admin"));
    const auto now = kNowUnixSeconds;
    out.write(kTarget, "admin.jwt", admin);
    out.write(kTarget, "viewer.jwt", nodeToken(freshClaims("viewer")));
    out.write(kTarget, "expired.jwt", nodeToken({"admin", "admin", now - 7200, now - 3600}));
    out.write(kTarget, "expires-now.jwt", nodeToken({"admin", "admin", now - 3600, now}));
    out.write(kTarget, "issued-in-future.jwt", nodeToken({"admin", "admin", now + 3600, now + 7200}));
    out.write(kTarget, "exp-before-iat.jwt", rawToken(kHs256, claimsJson("admin", "admin", now, now - 1)));

    std::string tamperedSignature = admin;
    tamperedSignature[tamperedSignature.size() - 2] =
        tamperedSignature[tamperedSignature.size() - 2] == 'A' ? 'B' : 'A';
    out.write(kTarget, "tampered-signature.jwt", tamperedSignature);
    const std::string rootPayload = auth::base64url::encode(claimsJson("root", "admin", now, now + 3600));
    std::string tamperedPayload = admin;
    const auto dot1 = admin.find('.');
    const auto dot2 = admin.find('.', dot1 + 1);
    tamperedPayload.replace(dot1 + 1, dot2 - dot1 - 1, rootPayload);
    out.write(kTarget, "tampered-payload.jwt", tamperedPayload);

    const std::string valid = claimsJson("admin", "admin", now, now + 3600);
    out.write(kTarget, "alg-none.jwt", rawToken(R"({"alg":"none","typ":"JWT"})", valid, false));
    out.write(kTarget, "alg-hs512.jwt", rawToken(R"({"alg":"HS512","typ":"JWT"})", valid));
    out.write(kTarget, "alg-rs256.jwt", rawToken(R"({"alg":"RS256","typ":"JWT"})", valid));
    out.write(kTarget, "alg-escaped-hs256.jwt", rawToken(R"({"alg":"\u0048S256"})", valid));
    out.write(kTarget, "typ-jose.jwt", rawToken(R"({"alg":"HS256","typ":"JOSE"})", valid));
    out.write(kTarget, "crit.jwt", rawToken(R"({"alg":"HS256","crit":["exp"]})", valid));
    out.write(kTarget, "header-not-object.jwt", rawToken(R"(["HS256"])", valid));
    out.write(
        kTarget, "claims-reordered-extra.jwt",
        rawToken(
            kHs256,
            R"({"exp":1704070800,"nbf":0,"iat":1704067200,"role":"admin","sub":"admin","x":{"y":[1,2]}})"));
    out.write(kTarget, "exp-float.jwt",
              rawToken(kHs256, R"({"sub":"admin","role":"admin","iat":1704067200,"exp":1704070800.0})"));
    out.write(kTarget, "exp-string.jwt",
              rawToken(kHs256, R"({"sub":"admin","role":"admin","iat":1704067200,"exp":"1704070800"})"));
    out.write(
        kTarget, "exp-huge.jwt",
        rawToken(kHs256,
                 R"({"sub":"admin","role":"admin","iat":-9223372036854775808,"exp":18446744073709551615})"));
    out.write(kTarget, "no-exp.jwt", rawToken(kHs256, R"({"sub":"admin","role":"admin","iat":1704067200})"));
    out.write(kTarget, "sub-not-string.jwt",
              rawToken(kHs256, R"({"sub":7,"role":"admin","iat":1704067200,"exp":1704070800})"));
    out.write(kTarget, "payload-not-json.jwt", rawToken(kHs256, "not json"));

    // Bare signing inputs: the target signs them with the fuzz secret.
    out.write(kTarget, "unsigned-valid.input", signingInputOf(admin));
    out.write(kTarget, "unsigned-hs512.input", signingInputOf(rawToken(R"({"alg":"HS512"})", valid)));
    out.write(kTarget, "unsigned-odd-claims.input",
              signingInputOf(rawToken(kHs256, R"({"sub":"","role":"","iat":0,"exp":9223372036854775807})")));

    // Authorization header values (the target also passes the input to AuthService::authorize).
    out.write(kTarget, "bearer-admin.header", "Bearer " + admin);
    out.write(kTarget, "bearer-lowercase-spaces.header", "  bearer   " + admin + "  ");
    out.write(kTarget, "basic.header", "Basic YWRtaW46Q2hhbmdlTWUxMjMh");
    out.write(kTarget, "two-dots-empty.jwt", "..");
}

}  // namespace mmo::fuzz::seeds
