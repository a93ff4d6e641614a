// The event bus behind NATS authentication and TLS: token auth (nats-server --auth), server TLS and
// mutual TLS with a throwaway CA made by the openssl CLI, and creds files. Real nats-server processes;
// the happy paths sync two real mmo-node processes, the failures check that the error names the key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <fstream>

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/NodeProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr const char* kToken = "s3cret-bus-token";

std::shared_ptr<spdlog::logger> quietLogger() {
    return std::make_shared<spdlog::logger>("bus", std::make_shared<spdlog::sinks::null_sink_mt>());
}

// The ConnectError text of connecting with these settings ("" when the connection succeeds).
std::string connectError(const eventbus::BusSettings& settings) {
    try {
        eventbus::NatsConnection connection(settings, quietLogger(), nullptr);
        return "";
    } catch (const eventbus::ConnectError& e) {
        return e.what();
    }
}

eventbus::BusSettings settingsFor(const std::string& url) {
    eventbus::BusSettings settings;
    settings.servers = {url};
    settings.regionId = "eu-west-1";
    return settings;
}

// A change written in eu through REST shows up in us: the two nodes sync through this NATS.
void expectTwoNodesSync(const std::filesystem::path& dir, const std::string& url,
                        const std::map<std::string, std::string>& env) {
    RegionNode eu("eu-west-1", dir, url, env);
    RegionNode us("us-east-1", dir, url, env);
    for (auto* node : {&eu, &us})
        ASSERT_TRUE(waitUntil([&] { return httpGet(node->rest(), "/readyz").status == 200; }, 20s))
            << node->log();
    const auto token = adminToken(eu.rest());
    const auto sent = httpPost(eu.rest(), "/api/admin/events/send",
                               R"({"event_type":"BlockEvent","data":{"x":7,"y":9,"block_type":"stone"}})",
                               {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(sent.status, 202) << sent.body;
    EXPECT_TRUE(waitUntil([&] { return us.blockType(7, 9) == "stone"; }, 20s)) << us.log();
    EXPECT_THAT(eu.log(), HasSubstr("Connected to NATS at " + url));
}

// ---- token ----

class TokenAuth : public ::testing::Test {
  protected:
    TempDir dir_{"bus-token"};
    NatsServerProcess nats_{dir_.path() / "nats", dir_.path(),
                            NatsServerOptions{.extraArgs = {"--auth", kToken}}};
};

// With the server's token two real nodes connect and sync.
TEST_F(TokenAuth, RightTokenSyncs) {
    expectTwoNodesSync(dir_.path(), nats_.url(), {{"GAME_EVENTBUS_TOKEN", kToken}});
}

// A wrong token is an authorization violation that names eventbus.token.
TEST_F(TokenAuth, WrongTokenNamesTheKey) {
    auto settings = settingsFor(nats_.url());
    settings.token = "not-the-token";
    const auto error = connectError(settings);
    EXPECT_THAT(error, HasSubstr("nats connect: authorization violation"));
    EXPECT_THAT(error, HasSubstr("the server refused eventbus.token"));
    EXPECT_THAT(error, ::testing::Not(HasSubstr("not-the-token"))) << "the token is a secret";
}

// No token at all: the server requires one, and the error says which keys can give it.
TEST_F(TokenAuth, MissingTokenNamesTheKeys) {
    EXPECT_THAT(connectError(settingsFor(nats_.url())),
                HasSubstr("authorization violation: the server requires authentication; set eventbus.token"));
}

// A real node with a wrong token and --require-nats exits 3 with the key and a hint in its log.
TEST_F(TokenAuth, NodeWithWrongTokenExplains) {
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_URL", nats_.url())
        .set("GAME_EVENTBUS_TOKEN", "wrong")
        .set("GAME_STORAGE_DATA_DIR", (dir_.path() / "data").string());
    const auto run = runNode(dir_, {"--require-nats"}, env);
    EXPECT_EQ(run.exitCode, 3);
    EXPECT_THAT(run.err,
                HasSubstr("Failed to initialize JetStreamBus: nats connect: authorization violation: "
                          "the server refused eventbus.token"));
    EXPECT_THAT(run.err, HasSubstr("hint: fix the eventbus setting named in the error"));
}

// ---- TLS ----

// A throwaway PKI made with the openssl CLI: a CA, a server certificate for 127.0.0.1 and a client
// certificate, all signed by the CA (EC P-256 keys: fast to make).
class TestPki {
  public:
    explicit TestPki(const std::filesystem::path& dir) : dir_(dir) {
        openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "1", "-subj",
                 "/CN=mmo-test-ca"});
        signed_("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        signed_("client", "/CN=mmo-node", "extendedKeyUsage=clientAuth");
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

  private:
    void signed_(const std::string& name, const std::string& subject, const std::string& extension) {
        openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                 path(name + ".key"), "-out", path(name + ".csr"), "-subj", subject});
        const auto ext = dir_ / (name + ".ext");
        std::ofstream(ext) << extension << "\n";
        openssl({"x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                 "-CAcreateserial", "-out", path(name + ".pem"), "-days", "1", "-extfile", ext.string()});
    }
    void openssl(const std::vector<std::string>& args) {
        ChildProcess child("/usr/bin/openssl", args, ChildEnvironment::inherited(), dir_, "openssl");
        const auto code = child.waitExit(30s);
        if (code != 0) throw std::runtime_error("openssl failed:\n" + child.stderrText());
    }
    std::filesystem::path dir_;
};

class TlsBus : public ::testing::Test {
  protected:
    // A server with TLS; with mutual, it also requires a client certificate signed by the CA.
    std::unique_ptr<NatsServerProcess> startServer(bool mutual) {
        std::vector<std::string> args{mutual ? "--tlsverify" : "--tls", "--tlscert", pki_.path("server.pem"),
                                      "--tlskey", pki_.path("server.key")};
        if (mutual) args.insert(args.end(), {"--tlscacert", pki_.path("ca.pem")});
        return std::make_unique<NatsServerProcess>(
            dir_.path() / (mutual ? "nats-mtls" : "nats-tls"), dir_.path(),
            NatsServerOptions{.name = mutual ? "nats-mtls" : "nats-tls", .scheme = "tls", .extraArgs = args});
    }
    TempDir dir_{"bus-tls"};
    TestPki pki_{dir_.path()};
};

// Server TLS: with the CA in eventbus.tls_ca_file two real nodes connect over tls:// and sync.
TEST_F(TlsBus, ServerTlsWithCaSyncs) {
    const auto nats = startServer(false);
    expectTwoNodesSync(dir_.path(), nats->url(), {{"GAME_EVENTBUS_TLS_CA_FILE", pki_.path("ca.pem")}});
}

// Mutual TLS: CA plus client certificate and key; two real nodes sync.
TEST_F(TlsBus, MutualTlsSyncs) {
    const auto nats = startServer(true);
    expectTwoNodesSync(dir_.path(), nats->url(),
                       {{"GAME_EVENTBUS_TLS_CA_FILE", pki_.path("ca.pem")},
                        {"GAME_EVENTBUS_TLS_CERT_FILE", pki_.path("client.pem")},
                        {"GAME_EVENTBUS_TLS_KEY_FILE", pki_.path("client.key")}});
}

// Without the CA the server's certificate is not trusted: the error names eventbus.tls_ca_file.
TEST_F(TlsBus, WithoutCaNamesTheKey) {
    const auto nats = startServer(false);
    const auto error = connectError(settingsFor(nats->url()));
    EXPECT_THAT(error, HasSubstr("nats connect: TLS handshake failed"));
    EXPECT_THAT(error, HasSubstr("set eventbus.tls_ca_file to the CA that signed the server's certificate"));
}

// A server that wants client certificates refuses a node without one: the error names the cert and key.
TEST_F(TlsBus, MutualWithoutClientCertificateNamesTheKeys) {
    const auto nats = startServer(true);
    auto settings = settingsFor(nats->url());
    settings.tlsCaFile = pki_.path("ca.pem");
    const auto error = connectError(settings);
    EXPECT_THAT(error, HasSubstr("TLS handshake failed"));
    EXPECT_THAT(error, HasSubstr("also needs eventbus.tls_cert_file and eventbus.tls_key_file"));
}

// TLS asked of a server without TLS: said plainly.
TEST_F(TlsBus, TlsAgainstPlainServerIsExplained) {
    NatsServerProcess plain(dir_.path() / "nats-plain", dir_.path(), NatsServerOptions{.name = "nats-plain"});
    auto settings = settingsFor(plain.url());
    settings.tlsCaFile = pki_.path("ca.pem");
    EXPECT_THAT(connectError(settings), HasSubstr("the server does not offer TLS"));
}

// A CA file that is not PEM is refused before connecting, naming the key and the path.
TEST_F(TlsBus, CaFileNotPemNamesKeyAndPath) {
    auto settings = settingsFor("tls://127.0.0.1:1");
    settings.tlsCaFile = dir_.writeFile("not-a-ca.pem", "hello\n").string();
    EXPECT_THAT(connectError(settings),
                HasSubstr("nats connect: eventbus.tls_ca_file \"" + settings.tlsCaFile + "\": "));
}

// ---- creds file ----

// A creds file without a user JWT and nkey seed gives a connect error naming eventbus.creds_file.
TEST(CredsFile, MalformedFileNamesTheKey) {
    TempDir dir("bus-creds");
    NatsServerProcess nats(dir.path() / "nats", dir.path());
    auto settings = settingsFor(nats.url());
    settings.credsFile = dir.writeFile("user.creds", "this is not a creds file\n").string();
    const auto error = connectError(settings);
    EXPECT_THAT(error, HasSubstr("nats connect: eventbus.creds_file \"" + settings.credsFile + "\": "));
    EXPECT_THAT(error, HasSubstr("as nsc writes it"));
}

// A creds file that does not exist stops the node at start with a config error (exit 2).
TEST(CredsFile, MissingFileIsAConfigError) {
    TempDir dir("bus-creds-missing");
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_CREDS_FILE", (dir.path() / "nope.creds").string());
    const auto run = runNode(dir, {"--check-config"}, env);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_THAT(run.err, HasSubstr("env GAME_EVENTBUS_CREDS_FILE: eventbus.creds_file: cannot read \"" +
                                   (dir.path() / "nope.creds").string() + "\": No such file or directory"));
}

}  // namespace
}  // namespace mmo::test
