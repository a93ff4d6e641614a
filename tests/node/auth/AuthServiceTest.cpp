#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "node/auth/AuthService.hpp"
#include "node/auth/AuthSetupError.hpp"
#include "node/auth/Base64Url.hpp"
#include "tests/node/auth/AuthTestSupport.hpp"

namespace mmo::auth {
namespace {

using std::chrono::seconds;

// An AuthService on a temp data dir with fast argon2 and a settable clock.
class AuthServiceTest : public ::testing::Test {
  protected:
    AuthService make(std::string password = "a-strong-password", std::string jwtSecret = "",
                     bool defaultPasswordFromLoopback = true) {
        AuthSettings settings = test::fastSettings(dir.path());
        settings.admin_password = std::move(password);
        settings.jwt_secret = std::move(jwtSecret);
        settings.token_ttl = std::chrono::minutes{30};
        settings.default_password_from_loopback = defaultPasswordFromLoopback;
        return AuthService(std::move(settings), test::nullLogger(), clock);
    }

    static std::string tokenOf(const std::variant<LoginResult, LoginError>& result) {
        if (auto* error = std::get_if<LoginError>(&result)) ADD_FAILURE() << error->message;
        return std::holds_alternative<LoginResult>(result) ? std::get<LoginResult>(result).token : "";
    }

    static LoginErrorCode loginErrorOf(const std::variant<LoginResult, LoginError>& result) {
        EXPECT_TRUE(std::holds_alternative<LoginError>(result));
        return std::holds_alternative<LoginError>(result) ? std::get<LoginError>(result).code
                                                          : LoginErrorCode::InvalidCredentials;
    }

    static AuthzError authzErrorOf(const std::variant<Claims, AuthzError>& result) {
        EXPECT_TRUE(std::holds_alternative<AuthzError>(result));
        return std::holds_alternative<AuthzError>(result) ? std::get<AuthzError>(result) : AuthzError{};
    }

    test::TempDir dir;
    test::FakeClock clock;
};

// A correct login returns a Bearer token for role admin that lives token_ttl; exp = iat + ttl.
TEST_F(AuthServiceTest, LoginReturnsBearerToken) {
    auto auth = make();
    const auto result = auth.login("admin", "a-strong-password", "203.0.113.7", false);
    ASSERT_TRUE(std::holds_alternative<LoginResult>(result));
    const auto& ok = std::get<LoginResult>(result);
    EXPECT_EQ(ok.token_type, "Bearer");
    EXPECT_EQ(ok.role, "admin");
    EXPECT_EQ(ok.expires_in, 1800);
    const std::string payload =
        ok.token.substr(ok.token.find('.') + 1, ok.token.rfind('.') - ok.token.find('.') - 1);
    const auto claims = boost::json::parse(*base64url::decode(payload)).as_object();
    EXPECT_EQ(claims.at("iat").as_int64(), clock().time_since_epoch() / seconds{1});
    EXPECT_EQ(claims.at("exp").as_int64() - claims.at("iat").as_int64(), 1800);
}

// The default password logs in from a loopback client.
TEST_F(AuthServiceTest, DefaultPasswordFromLoopbackIsAccepted) {
    auto auth = make(std::string(kDefaultAdminPassword));
    EXPECT_TRUE(auth.usesDefaultPassword());
    EXPECT_FALSE(tokenOf(auth.login("admin", "ChangeMe123!", "127.0.0.1", true)).empty());
}

// The default password from a non-loopback client is 403 DefaultPasswordRemote naming the config key.
TEST_F(AuthServiceTest, DefaultPasswordFromRemoteIsForbidden) {
    auto auth = make(std::string(kDefaultAdminPassword));
    const auto result = auth.login("admin", "ChangeMe123!", "203.0.113.7", false);
    ASSERT_EQ(loginErrorOf(result), LoginErrorCode::DefaultPasswordRemote);
    EXPECT_EQ(httpStatus(LoginErrorCode::DefaultPasswordRemote), 403);
    EXPECT_NE(std::get<LoginError>(result).message.find("auth.admin_password"), std::string::npos);
}

// With default_password_from_loopback off (behind a local reverse proxy) the default password is refused
// from loopback clients too, and the start-up warning says that no client can log in.
TEST_F(AuthServiceTest, DefaultPasswordRefusedFromLoopbackWhenTheRuleIsOff) {
    auto auth = make(std::string(kDefaultAdminPassword), "", false);
    const auto result = auth.login("admin", "ChangeMe123!", "127.0.0.1", true);
    ASSERT_EQ(loginErrorOf(result), LoginErrorCode::DefaultPasswordRemote);
    EXPECT_NE(std::get<LoginError>(result).message.find("auth.default_password_from_loopback"),
              std::string::npos);
    EXPECT_EQ(auth.defaultPasswordWarning(), AuthService::kDefaultPasswordRefusedWarning);
    EXPECT_EQ(make(std::string(kDefaultAdminPassword)).defaultPasswordWarning(),
              AuthService::kDefaultPasswordWarning);
    // A real password is not affected by the rule.
    EXPECT_FALSE(
        tokenOf(make("a-strong-password", "", false).login("admin", "a-strong-password", "127.0.0.1", true))
            .empty());
}

// A locked-out address is refused by refusalBeforeHashing (what the route asks before it queues a login);
// other addresses are not.
TEST_F(AuthServiceTest, RefusalBeforeHashingNamesLockedOutAddresses) {
    auto auth = make();
    EXPECT_FALSE(auth.refusalBeforeHashing("203.0.113.7").has_value());
    for (int i = 0; i < 5; ++i) auth.login("admin", "wrong", "203.0.113.7", false);
    const auto refusal = auth.refusalBeforeHashing("203.0.113.7");
    ASSERT_TRUE(refusal.has_value());
    EXPECT_EQ(refusal->code, LoginErrorCode::Throttled);
    EXPECT_EQ(refusal->retry_after, seconds{60});
    EXPECT_FALSE(auth.refusalBeforeHashing("198.51.100.1").has_value());
}

// A token signed with the right key but living longer than token_ttl (+ skew) is refused.
TEST_F(AuthServiceTest, TokenBeyondTheLifetimeIsUnauthenticated) {
    auto auth = make("a-strong-password", "the-configured-secret-1");
    const auto token = test::forgeToken(R"({"alg":"HS256","typ":"JWT"})",
                                        R"({"sub":"admin","role":"admin","iat":1700000000,"exp":2000000000})",
                                        "the-configured-secret-1");
    const auto error = authzErrorOf(auth.authorize("Bearer " + token, "admin"));
    EXPECT_EQ(error.code, AuthzErrorCode::Unauthenticated);
    EXPECT_NE(error.message.find("auth.token_ttl_minutes"), std::string::npos) << error.message;
}

// A non-default password is not flagged and works from anywhere.
TEST_F(AuthServiceTest, CustomPasswordIsNotDefault) {
    auto auth = make();
    EXPECT_FALSE(auth.usesDefaultPassword());
    EXPECT_NE(AuthService::kDefaultPasswordWarning.find("GAME_AUTH_ADMIN_PASSWORD"), std::string_view::npos);
}

// A wrong password is 401 InvalidCredentials.
TEST_F(AuthServiceTest, WrongPasswordIs401) {
    auto auth = make();
    EXPECT_EQ(loginErrorOf(auth.login("admin", "wrong", "203.0.113.7", true)),
              LoginErrorCode::InvalidCredentials);
    EXPECT_EQ(httpStatus(LoginErrorCode::InvalidCredentials), 401);
}

// A wrong user name with the right password is the same 401.
TEST_F(AuthServiceTest, WrongUsernameIs401) {
    auto auth = make();
    EXPECT_EQ(loginErrorOf(auth.login("root", "a-strong-password", "203.0.113.7", true)),
              LoginErrorCode::InvalidCredentials);
    EXPECT_EQ(loginErrorOf(auth.login("admin2", "a-strong-password", "203.0.113.7", true)),
              LoginErrorCode::InvalidCredentials);
}

// After 5 failures the address gets 429 with retry_after, even with the right password; it ends later.
TEST_F(AuthServiceTest, ThrottledIs429) {
    auto auth = make();
    for (int i = 0; i < 5; ++i) auth.login("admin", "wrong", "203.0.113.7", false);
    const auto result = auth.login("admin", "a-strong-password", "203.0.113.7", false);
    ASSERT_EQ(loginErrorOf(result), LoginErrorCode::Throttled);
    EXPECT_EQ(std::get<LoginError>(result).retry_after, seconds{60});
    EXPECT_EQ(httpStatus(LoginErrorCode::Throttled), 429);
    EXPECT_FALSE(tokenOf(auth.login("admin", "a-strong-password", "198.51.100.1", false)).empty());
    clock.advance(seconds{60});
    EXPECT_FALSE(tokenOf(auth.login("admin", "a-strong-password", "203.0.113.7", false)).empty());
}

// Remote attempts with the default password count as failures for the throttle.
TEST_F(AuthServiceTest, DefaultPasswordRemoteCountsAsFailure) {
    auto auth = make(std::string(kDefaultAdminPassword));
    for (int i = 0; i < 5; ++i) auth.login("admin", "ChangeMe123!", "203.0.113.7", false);
    EXPECT_EQ(loginErrorOf(auth.login("admin", "ChangeMe123!", "203.0.113.7", false)),
              LoginErrorCode::Throttled);
}

// A login token authorizes an admin request (header scheme is case-insensitive).
TEST_F(AuthServiceTest, AuthorizeAcceptsLoginToken) {
    auto auth = make();
    const std::string token = tokenOf(auth.login("admin", "a-strong-password", "127.0.0.1", true));
    const auto result = auth.authorize("Bearer " + token, "admin");
    ASSERT_TRUE(std::holds_alternative<Claims>(result));
    EXPECT_EQ(std::get<Claims>(result).sub, "admin");
    EXPECT_TRUE(std::holds_alternative<Claims>(auth.authorize("bearer " + token, "admin")));
}

// A missing header is 401 saying it is missing.
TEST_F(AuthServiceTest, MissingHeaderIsUnauthenticated) {
    const auto error = authzErrorOf(make().authorize("", "admin"));
    EXPECT_EQ(error.code, AuthzErrorCode::Unauthenticated);
    EXPECT_EQ(httpStatus(error.code), 401);
    EXPECT_NE(error.message.find("missing"), std::string::npos) << error.message;
}

// A non-Bearer scheme ("Basic x") is 401 asking for Bearer.
TEST_F(AuthServiceTest, BasicSchemeIsUnauthenticated) {
    const auto error = authzErrorOf(make().authorize("Basic x", "admin"));
    EXPECT_EQ(error.code, AuthzErrorCode::Unauthenticated);
    EXPECT_NE(error.message.find("Bearer"), std::string::npos) << error.message;
}

// "Bearer <garbage>" is 401 saying the token is malformed.
TEST_F(AuthServiceTest, GarbageTokenIsUnauthenticated) {
    const auto error = authzErrorOf(make().authorize("Bearer not-a-jwt", "admin"));
    EXPECT_EQ(error.code, AuthzErrorCode::Unauthenticated);
    EXPECT_NE(error.message.find("three"), std::string::npos) << error.message;
}

// An expired token is 401 saying it expired.
TEST_F(AuthServiceTest, ExpiredTokenIsUnauthenticated) {
    auto auth = make();
    const std::string token = tokenOf(auth.login("admin", "a-strong-password", "127.0.0.1", true));
    clock.advance(seconds{1800});
    const auto error = authzErrorOf(auth.authorize("Bearer " + token, "admin"));
    EXPECT_EQ(error.code, AuthzErrorCode::Unauthenticated);
    EXPECT_NE(error.message.find("expired"), std::string::npos) << error.message;
}

// A token signed with another secret is 401 saying the signature is invalid.
TEST_F(AuthServiceTest, ForeignTokenIsUnauthenticated) {
    auto auth = make("a-strong-password", "the-configured-secret-1");
    const auto token = test::forgeToken(R"({"alg":"HS256","typ":"JWT"})",
                                        R"({"sub":"admin","role":"admin","iat":1700000000,"exp":1700003600})",
                                        "the-configured-secret-2");
    const auto error = authzErrorOf(auth.authorize("Bearer " + token, "admin"));
    EXPECT_NE(error.message.find("signature"), std::string::npos) << error.message;
}

// A valid token whose role lacks the permission is 403 Forbidden.
TEST_F(AuthServiceTest, WrongRoleIsForbidden) {
    auto auth = make("a-strong-password", "the-configured-secret-1");
    const auto token = test::forgeToken(R"({"alg":"HS256","typ":"JWT"})",
                                        R"({"sub":"bob","role":"player","iat":1700000000,"exp":1700001800})",
                                        "the-configured-secret-1");
    const auto error = authzErrorOf(auth.authorize("Bearer " + token, "admin"));
    EXPECT_EQ(error.code, AuthzErrorCode::Forbidden);
    EXPECT_EQ(httpStatus(error.code), 403);
}

// Tokens stay valid across a restart on the same data dir (generated secret reused).
TEST_F(AuthServiceTest, TokenSurvivesRestart) {
    const std::string token = tokenOf(make().login("admin", "a-strong-password", "127.0.0.1", true));
    EXPECT_TRUE(std::holds_alternative<Claims>(make().authorize("Bearer " + token, "admin")));
}

// A too-short configured secret fails construction naming auth.jwt_secret.
TEST_F(AuthServiceTest, ShortSecretFailsConstruction) {
    try {
        make("a-strong-password", "short");
        FAIL() << "expected AuthSetupError";
    } catch (const AuthSetupError& e) {
        EXPECT_NE(std::string(e.what()).find("auth.jwt_secret"), std::string::npos);
    }
}

}  // namespace
}  // namespace mmo::auth
