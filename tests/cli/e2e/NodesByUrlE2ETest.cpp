// verify-sync and send-event on nodes started by hand (docs/mmoctl.md, "--nodes"; issue 17 item 7): a
// real nats-server -js and three real mmo-node processes started by the test, not by `mmoctl up`, then the
// real mmoctl with --nodes URL,URL,...: a converged set, a diverged region (on a NATS of its own), an
// unreachable node, a wrong password or token, and URLs that are not a node's REST API.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/HeldPort.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const std::string kBlock = R"({"x":100,"y":50,"block_type":"stone"})";

std::string urlOf(std::uint16_t port) {
    return "http://127.0.0.1:" + std::to_string(port);
}

class NodesByUrlE2ETest : public ::testing::Test {
  protected:
    void SetUp() override {
        nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path());
        for (const char* region : {"eu-west-1", "us-east-1", "ap-south-1"})
            nodes_.push_back(std::make_unique<RegionNode>(region, dir_.path(), nats_->url()));
    }
    // Every node's REST base URL, comma-separated.
    std::string allUrls() const {
        std::string list;
        for (const auto& node : nodes_) list += (list.empty() ? "" : ",") + urlOf(node->rest());
        return list;
    }
    // A port nobody listens on: one the OS gave out and took back.
    static std::uint16_t closedPort() {
        const HeldPort once(HeldPort::Kind::Tcp);
        return once.port();
    }
    MmoctlResult run(const std::vector<std::string>& args) { return mmoctl_.run(args, 60s); }

    TempDir dir_{"nodes-by-url"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::vector<std::unique_ptr<RegionNode>> nodes_;
    MmoctlHarness mmoctl_{0};  // its state dir holds no set: --nodes never needs one
};

TEST_F(NodesByUrlE2ETest, SendEventAndVerifySyncOnHandStartedNodesConverge) {
    const auto sent = run({"send-event", "--nodes", allUrls(), "--region", "us", "--data", kBlock, "--wait",
                           "--timeout", "20s", "--json"});
    ASSERT_EQ(sent.code, 0) << sent.out << sent.err;
    const auto event = json::parse(sent.out).as_object();
    EXPECT_EQ(event.at("region"), "us-east-1");
    EXPECT_EQ(event.at("changes").as_int64(), 1);
    const auto& applied = event.at("applied_after_ms").as_object();
    EXPECT_EQ(applied.size(), 2u);
    EXPECT_FALSE(applied.at("eu-west-1").is_null());
    EXPECT_FALSE(applied.at("ap-south-1").is_null());

    const auto verify = run({"verify-sync", "--nodes", allUrls(), "--timeout", "20s", "--json", "--deep"});
    ASSERT_EQ(verify.code, 0) << verify.out << verify.err;
    const auto report = json::parse(verify.out).as_object();
    EXPECT_TRUE(report.at("converged").as_bool());
    EXPECT_EQ(report.at("pairs").as_array().size(), 6u);  // every (source, destination) of three regions
    const auto& digests = report.at("digests").as_object();
    ASSERT_EQ(digests.size(), 3u);
    EXPECT_EQ(digests.at("eu-west-1"), digests.at("us-east-1"));
    EXPECT_EQ(digests.at("eu-west-1"), digests.at("ap-south-1"));
    EXPECT_EQ(std::string(digests.at("eu-west-1").as_string()), nodes_[0]->digest());
    EXPECT_TRUE(report.at("deep").at("differing_chunks").as_array().empty());

    const auto text = run({"verify-sync", "--nodes", allUrls(), "--timeout", "5s"});
    EXPECT_EQ(text.code, 0) << text.out << text.err;
    EXPECT_NE(text.out.find("us-east-1   eu-west-1"), std::string::npos) << text.out;  // the matrix
    EXPECT_NE(text.out.find("converged: every region applied every batch"), std::string::npos) << text.out;
}

TEST_F(NodesByUrlE2ETest, RegionOnItsOwnNatsIsReportedDivergedWithExitOne) {
    NatsServerProcess otherNats(dir_.path() / "nats-other", dir_.path(),
                                NatsServerOptions{.name = "nats-other"});
    RegionNode lonely("sa-east-1", dir_.path(), otherNats.url());
    const auto list = allUrls() + "," + urlOf(lonely.rest());
    const auto sent = run({"send-event", "--nodes", urlOf(lonely.rest()), "--data", kBlock});
    ASSERT_EQ(sent.code, 0) << sent.out << sent.err;
    EXPECT_NE(sent.out.find("accepted by sa-east-1"), std::string::npos) << sent.out;

    const auto verify = run({"verify-sync", "--nodes", list, "--timeout", "2s", "--json", "--deep"});
    EXPECT_EQ(verify.code, 1) << verify.out << verify.err;
    const auto report = json::parse(verify.out).as_object();
    EXPECT_FALSE(report.at("converged").as_bool());
    EXPECT_EQ(report.at("pairs").as_array().size(), 12u);
    EXPECT_NE(report.at("digests").at("sa-east-1"), report.at("digests").at("eu-west-1"));
    const auto& chunks = report.at("deep").at("differing_chunks").as_array();
    ASSERT_EQ(chunks.size(), 1u);
    EXPECT_EQ(chunks.at(0).at("cx").as_int64(), 3);  // x 100 / 32
    EXPECT_EQ(chunks.at(0).at("cy").as_int64(), 1);  // y 50 / 32
}

TEST_F(NodesByUrlE2ETest, UnreachableNodeIsNamedWithExitThree) {
    const auto gone = urlOf(closedPort());
    const auto verify = run({"verify-sync", "--nodes", allUrls() + "," + gone, "--timeout", "5s", "--json"});
    EXPECT_EQ(verify.code, 3) << verify.out << verify.err;
    const auto report = json::parse(verify.out).as_object();
    EXPECT_FALSE(report.at("converged").as_bool());
    ASSERT_EQ(report.at("unreachable").as_array().size(), 1u);
    EXPECT_NE(std::string(report.at("unreachable").at(0).as_string()).find(gone), std::string::npos);
    EXPECT_NE(verify.err.find("node unreachable: " + gone), std::string::npos) << verify.err;
    EXPECT_NE(verify.err.find("check the URL"), std::string::npos) << verify.err;

    const auto sent = run({"send-event", "--nodes", gone, "--data", kBlock});
    EXPECT_EQ(sent.code, 3) << sent.out << sent.err;
    EXPECT_NE(sent.err.find("node " + gone + " unreachable"), std::string::npos) << sent.err;
}

TEST_F(NodesByUrlE2ETest, WrongPasswordOrTokenIsRefusedWithExitThreeNamingTheNode) {
    const auto eu = urlOf(nodes_[0]->rest());
    const auto password =
        run({"send-event", "--nodes", eu, "--password", "not-the-password", "--data", kBlock});
    EXPECT_EQ(password.code, 3) << password.out << password.err;
    EXPECT_NE(password.err.find("eu-west-1 (" + eu + ") refused the admin login as \"admin\""),
              std::string::npos)
        << password.err;
    EXPECT_NE(password.err.find("password from --password"), std::string::npos) << password.err;

    const auto token = run({"send-event", "--nodes", eu, "--token", "not.a.token", "--data", kBlock});
    EXPECT_EQ(token.code, 3) << token.out << token.err;
    EXPECT_NE(token.err.find("eu-west-1 (" + eu + ") refused the admin token"), std::string::npos)
        << token.err;

    const auto fromEnv = mmoctl_.run({"send-event", "--nodes", eu, "--data", kBlock}, 60s,
                                     ChildEnvironment::inherited().set("MMOCTL_ADMIN_TOKEN", "not.a.token"));
    EXPECT_EQ(fromEnv.code, 3) << fromEnv.out << fromEnv.err;
    EXPECT_NE(fromEnv.err.find("refused the admin token"), std::string::npos) << fromEnv.err;

    const auto good =
        run({"send-event", "--nodes", eu, "--token", adminToken(nodes_[0]->rest()), "--data", kBlock});
    EXPECT_EQ(good.code, 0) << good.out << good.err;
}

TEST_F(NodesByUrlE2ETest, BadUrlsAreUsageErrorsWithAnExample) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"https://127.0.0.1:8088", "plain HTTP"},
        {"127.0.0.1:8088", "not an http:// URL"},
        {"http://127.0.0.1:8088/api", "a path"},
        {"http://127.0.0.1:99999", "the port must be"},
        {"http://127.0.0.1:8088,,http://127.0.0.1:8089", "an empty item"},
        {"http://127.0.0.1:8088,http://127.0.0.1:8088/", "given twice"},
    };
    for (const auto& [url, why] : cases) {
        const auto verify = run({"verify-sync", "--nodes", url});
        EXPECT_EQ(verify.code, 2) << url << ": " << verify.err;
        EXPECT_NE(verify.err.find(why), std::string::npos) << url << ": " << verify.err;
        if (why != "given twice") EXPECT_NE(verify.err.find("e.g. http://"), std::string::npos) << verify.err;
    }
    // The metrics port answers HTTP, but it is not the REST API.
    const auto metrics = urlOf(nodes_[0]->metricsPort());
    const auto verify = run({"verify-sync", "--nodes", metrics, "--timeout", "5s"});
    EXPECT_EQ(verify.code, 2) << verify.out << verify.err;
    EXPECT_NE(verify.err.find(metrics + " is not an mmo-node REST API"), std::string::npos) << verify.err;
    const auto sent = run({"send-event", "--nodes", metrics, "--data", kBlock});
    EXPECT_EQ(sent.code, 2) << sent.out << sent.err;
    // Two URLs of one region, and --nodes with --state-dir.
    const auto eu = urlOf(nodes_[0]->rest());
    const auto twice =
        run({"verify-sync", "--nodes", eu + ",http://localhost:" + std::to_string(nodes_[0]->rest())});
    EXPECT_EQ(twice.code, 2) << twice.err;
    EXPECT_NE(twice.err.find("are both region eu-west-1"), std::string::npos) << twice.err;
    const auto both = run({"verify-sync", "--nodes", eu, "--state-dir", "/tmp"});
    EXPECT_EQ(both.code, 2) << both.err;
    const auto region = run({"send-event", "--nodes", eu, "--region", "ap", "--data", kBlock});
    EXPECT_EQ(region.code, 2) << region.err;
    EXPECT_NE(region.err.find("--region ap: the --nodes are eu-west-1 (" + eu + ")"), std::string::npos)
        << region.err;
}

}  // namespace
}  // namespace mmo::test
