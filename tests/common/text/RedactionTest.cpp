#include <gtest/gtest.h>

#include "common/text/Redaction.hpp"

namespace mmo::text {
namespace {

TEST(UrlRedaction, PasswordOfUserAndPasswordIsRedactedTheUserStays) {
    EXPECT_EQ(redactUrlCredentials("nats://bus:s3cret@10.0.0.1:4222"), "nats://bus:<redacted>@10.0.0.1:4222");
}

TEST(UrlRedaction, ALoneUserPartIsATokenAndIsRedactedWhole) {
    EXPECT_EQ(redactUrlCredentials("tls://t0ken@nats.example:4443"), "tls://<redacted>@nats.example:4443");
}

TEST(UrlRedaction, EveryEntryOfAListAndUrlsInsideText) {
    EXPECT_EQ(redactUrlCredentials("nats://a:1@h1:4222,nats://h2:4222, nats://t@h3"),
              "nats://a:<redacted>@h1:4222,nats://h2:4222, nats://<redacted>@h3");
    EXPECT_EQ(redactUrlCredentials("Connected to NATS at nats://u:p@127.0.0.1:4222, stream X ready"),
              "Connected to NATS at nats://u:<redacted>@127.0.0.1:4222, stream X ready");
    EXPECT_EQ(redactUrlCredentials("entry 1 \"nats://u:p@h:x\": bad port"),
              "entry 1 \"nats://u:<redacted>@h:x\": bad port");
}

TEST(UrlRedaction, AnAtSignInThePasswordAndAPathAfterTheHost) {
    EXPECT_EQ(redactUrlCredentials("nats://u:p@ss@h:4222"), "nats://u:<redacted>@h:4222");
    EXPECT_EQ(redactUrlCredentials("http://u:p@h:80/path@x"), "http://u:<redacted>@h:80/path@x");
}

TEST(UrlRedaction, TextWithoutCredentialsIsUnchanged) {
    for (const char* text : {"", "nats://127.0.0.1:4222", "no url here", "mail me@example.com", "a://"}) {
        EXPECT_EQ(redactUrlCredentials(text), text);
    }
    EXPECT_FALSE(hasUrlCredentials("nats://127.0.0.1:4222"));
    EXPECT_TRUE(hasUrlCredentials("nats://u:p@127.0.0.1:4222"));
}

}  // namespace
}  // namespace mmo::text
