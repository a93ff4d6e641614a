// The real `mmoctl chaos serve` control API attacked as a web page or another local user would (issue 16
// item 10): a cross-site text/plain POST, no token, a wrong token, and a token with a non-JSON body are
// all refused and change nothing; mmoctl's own commands, which send the token from its file and JSON,
// still work. docs/chaos.md, "Control API".
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/cli/chaos/EchoServer.hpp"
#include "tests/support/ChaosProxyProcess.hpp"
#include "tests/support/HttpClient.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class ChaosControlAuthTest : public ::testing::Test {
  protected:
    void SetUp() override {
        proxy_ = std::make_unique<ChaosProxyProcess>(
            mmoctl_.dir().path(),
            std::vector<std::string>{"--listen=eu=0", "--upstream=127.0.0.1:" + std::to_string(echo_.port()),
                                     "--control-port=0", "--token-file=" + tokenFile().string()});
    }
    fs::path tokenFile() const { return mmoctl_.dir().path() / "control.token"; }
    HttpHeaders bearer(const std::string& token) const { return {{"Authorization", "Bearer " + token}}; }
    // Whether link eu-west-1 is partitioned, asked with the right token.
    bool partitioned() {
        const auto answer =
            httpRequest("GET", proxy_->controlPort(), "/api/links", {}, bearer(proxy_->token()));
        EXPECT_EQ(answer.status, 200) << answer.raw;
        const auto links = boost::json::parse(answer.body).at("links").as_array();
        return !links.at(0).at("partition").is_null();
    }

    EchoServer echo_;
    MmoctlHarness mmoctl_{0};
    std::unique_ptr<ChaosProxyProcess> proxy_;
};

// The token file is created 0600 with a fresh token, and /healthz stays open (readiness waits use it).
TEST_F(ChaosControlAuthTest, TokenFileIsPrivateAndHealthzIsOpen) {
    struct stat st {};
    ASSERT_EQ(::stat(tokenFile().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_EQ(proxy_->tokenFile(), tokenFile());
    EXPECT_GE(proxy_->token().size(), 32u);
    EXPECT_EQ(httpGet(proxy_->controlPort(), "/healthz").status, 200);
}

// What a web page can send across sites (a text/plain or form POST, no Authorization header) and what a
// local user without the token file can send are refused; the link stays connected.
TEST_F(ChaosControlAuthTest, CrossSiteAndTokenlessRequestsChangeNothing) {
    const std::string body = R"({"region":"eu"})";
    const auto crossSite = httpPost(proxy_->controlPort(), "/api/links/partition", body,
                                    {{"Content-Type", "text/plain"}, {"Origin", "http://evil.example"}});
    EXPECT_EQ(crossSite.status, 401) << crossSite.raw;
    const auto form = httpPost(proxy_->controlPort(), "/api/links/partition", "region=eu",
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(form.status, 401) << form.raw;
    const auto noToken = httpPost(proxy_->controlPort(), "/api/links/partition", body);
    EXPECT_EQ(noToken.status, 401) << noToken.raw;
    auto wrong = proxy_->token();
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    const auto wrongToken = httpPost(proxy_->controlPort(), "/api/links/partition", body, bearer(wrong));
    EXPECT_EQ(wrongToken.status, 401) << wrongToken.raw;
    EXPECT_EQ(httpGet(proxy_->controlPort(), "/api/links").status, 401);
    // With the token, the body must still be declared JSON.
    auto textPlain = bearer(proxy_->token());
    textPlain["Content-Type"] = "text/plain";
    const auto plain = httpPost(proxy_->controlPort(), "/api/links/partition", body, textPlain);
    EXPECT_EQ(plain.status, 415) << plain.raw;
    EXPECT_FALSE(partitioned());

    const auto allowed =
        httpPost(proxy_->controlPort(), "/api/links/partition", body, bearer(proxy_->token()));
    EXPECT_EQ(allowed.status, 200) << allowed.raw;
    EXPECT_TRUE(partitioned());
}

// mmoctl's chaos commands send the token of --token-file and JSON; without the token file they are told
// what to pass.
TEST_F(ChaosControlAuthTest, MmoctlCommandsSendTheTokenAndJson) {
    const auto control = "--control=" + proxy_->controlUrl();
    const auto token = "--token-file=" + tokenFile().string();
    const auto cut = mmoctl_.run({"chaos", "partition", "--region=eu", control, token}, 20s);
    EXPECT_EQ(cut.code, 0) << cut.err;
    EXPECT_TRUE(partitioned());
    const auto heal = mmoctl_.run({"chaos", "heal", control, token}, 20s);
    EXPECT_EQ(heal.code, 0) << heal.err;
    EXPECT_FALSE(partitioned());

    const auto without = mmoctl_.run({"chaos", "partition", "--region=eu", control}, 20s);
    EXPECT_EQ(without.code, 2) << without.err;
    EXPECT_NE(without.err.find("pass --token-file FILE"), std::string::npos) << without.err;
    EXPECT_FALSE(partitioned());
}

}  // namespace
}  // namespace mmo::test
