#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "node/auth/Base64Url.hpp"
#include "node/auth/JwtCodec.hpp"
#include "tests/node/auth/AuthTestSupport.hpp"

namespace mmo::auth {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";
constexpr std::int64_t kNow = 1'700'000'000;
const system_clock::time_point kNowTp{seconds{kNow}};
constexpr std::string_view kHs256 = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::string_view kPayload = R"({"sub":"admin","role":"admin","iat":1700000000,"exp":1700003600})";

constexpr seconds kLifetime{3600};

JwtCodec codec() {
    return JwtCodec(SecretBytes(kKey), kLifetime);
}
Claims claims() {
    return Claims{"admin", "admin", kNow, kNow + 3600};
}

std::vector<std::string> split(const std::string& token) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = token.find('.', start)) != std::string::npos; start = dot + 1) {
        parts.push_back(token.substr(start, dot - start));
    }
    parts.push_back(token.substr(start));
    return parts;
}

JwtErrorCode errorOf(const std::variant<Claims, JwtError>& result) {
    EXPECT_TRUE(std::holds_alternative<JwtError>(result));
    return std::holds_alternative<JwtError>(result) ? std::get<JwtError>(result).code
                                                    : JwtErrorCode::Malformed;
}

// A signed token verifies back to the same claims.
TEST(JwtCodecTest, RoundTrip) {
    const auto result = codec().verify(codec().sign(claims()), kNowTp);
    ASSERT_TRUE(std::holds_alternative<Claims>(result)) << std::get<JwtError>(result).message;
    EXPECT_EQ(std::get<Claims>(result), claims());
}

// The token is a standard JWT: base64url JSON header {alg HS256, typ JWT}, payload sub/role/iat/exp.
TEST(JwtCodecTest, TokenIsStandardJwt) {
    const std::string token = codec().sign(claims());
    const auto parts = split(token);
    ASSERT_EQ(parts.size(), 3u);
    for (const auto& part : parts) EXPECT_EQ(part.find_first_of("+/="), std::string::npos) << part;
    EXPECT_EQ(*base64url::decode(parts[0]), kHs256);
    const auto payload = boost::json::parse(*base64url::decode(parts[1])).as_object();
    EXPECT_EQ(payload.at("sub").as_string(), "admin");
    EXPECT_EQ(payload.at("role").as_string(), "admin");
    EXPECT_EQ(payload.at("iat").as_int64(), kNow);
    EXPECT_EQ(payload.at("exp").as_int64(), kNow + 3600);
    EXPECT_EQ(parts[2], test::hmacB64(EVP_sha256(), kKey, parts[0] + "." + parts[1]));
}

// alg "none" with an empty signature is BadAlgorithm.
TEST(JwtCodecTest, AlgNoneIsBadAlgorithm) {
    const std::string token =
        base64url::encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url::encode(kPayload) + ".";
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::BadAlgorithm);
}

// alg HS512 with a correct HMAC-SHA512 signature under the right key is still BadAlgorithm.
TEST(JwtCodecTest, AlgHs512IsBadAlgorithmEvenWhenSigned) {
    const auto token = test::forgeToken(R"({"alg":"HS512","typ":"JWT"})", kPayload, kKey, EVP_sha512());
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::BadAlgorithm);
}

// alg RS256 with an HMAC signature under the key (key confusion) is BadAlgorithm.
TEST(JwtCodecTest, AlgRs256IsBadAlgorithmEvenWhenHmacSigned) {
    const auto token = test::forgeToken(R"({"alg":"RS256","typ":"JWT"})", kPayload, kKey);
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::BadAlgorithm);
}

// A forged header with the right alg and the right key verifies (the forge helper is sound).
TEST(JwtCodecTest, ForgedHs256WithRightKeyVerifies) {
    const auto token = test::forgeToken(kHs256, kPayload, kKey);
    EXPECT_TRUE(std::holds_alternative<Claims>(codec().verify(token, kNowTp)));
}

// Flipping one signature byte gives BadSignature.
TEST(JwtCodecTest, FlippedSignatureByteIsBadSignature) {
    auto parts = split(codec().sign(claims()));
    auto signature = *base64url::decode(parts[2]);
    signature[5] = static_cast<char>(signature[5] ^ 0x01);
    const std::string token = parts[0] + "." + parts[1] + "." + base64url::encode(signature);
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::BadSignature);
}

// A token signed with another key gives BadSignature.
TEST(JwtCodecTest, OtherKeyIsBadSignature) {
    const auto token = test::forgeToken(kHs256, kPayload, "another-key-another-key-another!!");
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::BadSignature);
}

// A changed payload under the old signature gives BadSignature.
TEST(JwtCodecTest, TamperedPayloadIsBadSignature) {
    auto parts = split(codec().sign(claims()));
    const std::string payload = R"({"sub":"admin","role":"admin","iat":1700000000,"exp":1900000000})";
    const std::string token = parts[0] + "." + base64url::encode(payload) + "." + parts[2];
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::BadSignature);
}

// At exp (and after) the token is Expired; one second before it is valid.
TEST(JwtCodecTest, ExpiredAtExp) {
    const std::string token = codec().sign(claims());
    EXPECT_TRUE(std::holds_alternative<Claims>(codec().verify(token, kNowTp + seconds{3599})));
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp + seconds{3600})), JwtErrorCode::Expired);
}

// iat more than 60 s in the future is NotYetValid; 60 s is tolerated as clock skew.
TEST(JwtCodecTest, IatInTheFutureIsNotYetValid) {
    const std::string token = codec().sign(claims());
    EXPECT_TRUE(std::holds_alternative<Claims>(codec().verify(token, kNowTp - seconds{60})));
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp - seconds{61})), JwtErrorCode::NotYetValid);
}

// Structurally broken tokens are Malformed.
TEST(JwtCodecTest, BrokenStructureIsMalformed) {
    const std::string good = codec().sign(claims());
    for (const std::string& token : {std::string(), std::string("abc.def"), good + ".x", std::string("..."),
                                     std::string(".."), good.substr(0, good.find('.'))}) {
        EXPECT_EQ(errorOf(codec().verify(token, kNowTp)), JwtErrorCode::Malformed) << token;
    }
}

// A token over 4 KiB is Malformed even if otherwise well-formed.
TEST(JwtCodecTest, OversizedTokenIsMalformed) {
    const std::string payload =
        R"({"sub":")" + std::string(5000, 'a') + R"(","role":"admin","iat":1700000000,"exp":1700003600})";
    EXPECT_EQ(errorOf(codec().verify(test::forgeToken(kHs256, payload, kKey), kNowTp)),
              JwtErrorCode::Malformed);
}

// Invalid base64url (bad characters, padding, non-canonical trailing bits) is Malformed.
TEST(JwtCodecTest, BadBase64IsMalformed) {
    auto parts = split(codec().sign(claims()));
    for (const std::string& header :
         {std::string("eyJ!bGci"), base64url::encode(kHs256) + "=", std::string("eyJh bGciOiJIUzI1NiJ9")}) {
        EXPECT_EQ(errorOf(codec().verify(header + "." + parts[1] + "." + parts[2], kNowTp)),
                  JwtErrorCode::Malformed)
            << header;
    }
    EXPECT_EQ(errorOf(codec().verify(parts[0] + "." + parts[1] + "." + parts[2] + "+", kNowTp)),
              JwtErrorCode::Malformed);
    EXPECT_FALSE(base64url::decode("QR").has_value());  // "QR" leaves non-zero unused bits ("QQ" is "A")
    EXPECT_EQ(*base64url::decode("QQ"), "A");
}

// A header or payload that is not a JSON object is Malformed.
TEST(JwtCodecTest, NonJsonIsMalformed) {
    EXPECT_EQ(errorOf(codec().verify(test::forgeToken("not json", kPayload, kKey), kNowTp)),
              JwtErrorCode::Malformed);
    EXPECT_EQ(errorOf(codec().verify(test::forgeToken(kHs256, "{\"sub\":", kKey), kNowTp)),
              JwtErrorCode::Malformed);
    EXPECT_EQ(errorOf(codec().verify(test::forgeToken(kHs256, "[1,2]", kKey), kNowTp)),
              JwtErrorCode::Malformed);
    EXPECT_EQ(errorOf(codec().verify(test::forgeToken(R"({"typ":"JWT"})", kPayload, kKey), kNowTp)),
              JwtErrorCode::Malformed);
}

// Claims of the wrong type (or missing) are Malformed, even when correctly signed.
TEST(JwtCodecTest, WrongClaimTypesAreMalformed) {
    for (const std::string payload : {
             R"({"sub":1,"role":"admin","iat":1700000000,"exp":1700003600})",
             R"({"sub":"admin","role":["admin"],"iat":1700000000,"exp":1700003600})",
             R"({"sub":"admin","role":"admin","iat":"1700000000","exp":1700003600})",
             R"({"sub":"admin","role":"admin","iat":1700000000,"exp":1700003600.5})",
             R"({"sub":"admin","role":"admin","iat":1700000000})",
             R"({"sub":"admin","role":"admin","iat":1700000000,"exp":18446744073709551615})",
         }) {
        EXPECT_EQ(errorOf(codec().verify(test::forgeToken(kHs256, payload, kKey), kNowTp)),
                  JwtErrorCode::Malformed)
            << payload;
    }
}

// A correctly signed payload with these iat, exp and extra claims (`extra` starts with a comma).
std::string tokenWith(std::int64_t iat, std::int64_t exp, const std::string& extra = "") {
    const std::string payload = R"({"sub":"admin","role":"admin","iat":)" + std::to_string(iat) +
                                R"(,"exp":)" + std::to_string(exp) + extra + "}";
    return test::forgeToken(kHs256, payload, kKey);
}

// nbf more than the clock skew (60 s) ahead is NotYetValid; within the skew, and once reached, it is valid.
TEST(JwtCodecTest, NbfInTheFutureIsNotYetValid) {
    const auto token = tokenWith(kNow, kNow + 3600, R"(,"nbf":)" + std::to_string(kNow + 600));
    const auto early = codec().verify(token, kNowTp);
    EXPECT_EQ(errorOf(early), JwtErrorCode::NotYetValid);
    EXPECT_NE(std::get<JwtError>(early).message.find("nbf"), std::string::npos);
    EXPECT_EQ(errorOf(codec().verify(token, kNowTp + seconds{539})), JwtErrorCode::NotYetValid);
    EXPECT_TRUE(std::holds_alternative<Claims>(codec().verify(token, kNowTp + seconds{540})));
    EXPECT_TRUE(std::holds_alternative<Claims>(codec().verify(token, kNowTp + seconds{600})));
}

// nbf is optional, but a present nbf that is not an integer is Malformed rather than ignored.
TEST(JwtCodecTest, NonIntegerNbfIsMalformed) {
    EXPECT_EQ(errorOf(codec().verify(tokenWith(kNow, kNow + 60, R"(,"nbf":"0")"), kNowTp)),
              JwtErrorCode::Malformed);
    EXPECT_EQ(errorOf(codec().verify(tokenWith(kNow, kNow + 60, R"(,"nbf":1.5)"), kNowTp)),
              JwtErrorCode::Malformed);
    EXPECT_TRUE(
        std::holds_alternative<Claims>(codec().verify(tokenWith(kNow, kNow + 60, R"(,"nbf":0)"), kNowTp)));
}

// exp further ahead than the lifetime plus the skew is ExpiryTooFar, even with a valid signature: a token
// signed with the key cannot be made to live for years.
TEST(JwtCodecTest, ExpBeyondTheLifetimeIsRefused) {
    EXPECT_EQ(errorOf(codec().verify(tokenWith(kNow, kNow + 10 * 365 * 86400), kNowTp)),
              JwtErrorCode::ExpiryTooFar);
    EXPECT_EQ(errorOf(codec().verify(tokenWith(kNow, kNow + 3600 + 61), kNowTp)), JwtErrorCode::ExpiryTooFar);
    EXPECT_TRUE(std::holds_alternative<Claims>(codec().verify(tokenWith(kNow, kNow + 3600 + 60), kNowTp)));
    EXPECT_EQ(toString(JwtErrorCode::ExpiryTooFar), "expiry_too_far");
}

// An empty secret or a lifetime that is not positive is refused at construction.
TEST(JwtCodecTest, EmptySecretIsRefused) {
    EXPECT_THROW(JwtCodec(SecretBytes(""), kLifetime), std::invalid_argument);
    EXPECT_THROW(JwtCodec(SecretBytes(kKey), seconds{0}), std::invalid_argument);
}

}  // namespace
}  // namespace mmo::auth
