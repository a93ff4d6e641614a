// File keys against the real mmo-node binary: a FIFO, a symlink to a FIFO and /dev/zero are refused at
// once by --check-config and by a start (exit 2, no hang, no growth); secrets come from *_file keys and
// never show in the process's command line; a too-short auth.jwt_secret is refused the same way by both.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/node/NodeTestSupport.hpp"
#include "tests/support/ChildProcess.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/NodeProcess.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;

// A refused file is refused before anything is served: well within this, while a FIFO read would block
// until kExitTimeout and /dev/zero would grow the node for many seconds.
constexpr auto kPromptRefusal = 5s;

struct TimedRun {
    RunResult result;
    std::chrono::milliseconds took{};
};

TimedRun timedRun(const TempDir& dir, const std::vector<std::string>& args) {
    const auto start = std::chrono::steady_clock::now();
    auto result = runNode(dir, args, nodeEnvironment());
    return {std::move(result),
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)};
}

class NodeFileKeysTest : public ::testing::Test {
  protected:
    std::filesystem::path fifo() {
        const auto path = dir_.path() / "fifo";
        if (!std::filesystem::exists(path)) EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
        return path;
    }

    // Runs --check-config and then a plain start with `flag value`: both must exit 2 promptly, naming why.
    void expectRefusedBothWays(const std::string& flag, const std::string& value, const std::string& why) {
        for (const bool check : {true, false}) {
            SCOPED_TRACE(flag + " " + value + (check ? " --check-config" : " (start)"));
            std::vector<std::string> args{flag, value, "--storage.data_dir", (dir_.path() / "data").string()};
            if (check) args.push_back("--check-config");
            const auto run = timedRun(dir_, args);
            EXPECT_EQ(run.result.exitCode, 2) << run.result.err;
            EXPECT_LT(run.took, kPromptRefusal);
            EXPECT_NE(run.result.err.find(why), std::string::npos) << run.result.err;
        }
    }

    TempDir dir_{"mmo-file-keys"};
};

// A FIFO nobody writes to, named by eventbus.creds_file, a TLS key or a *_file secret: refused, no hang.
TEST_F(NodeFileKeysTest, FifoIsRefusedByCheckConfigAndStart) {
    const std::string path = fifo().string();
    for (const std::string key :
         {"--eventbus.creds_file", "--eventbus.tls_ca_file", "--auth.admin_password_file"})
        expectRefusedBothWays(key, path, "is a FIFO");
}

// A symlink to a FIFO is refused like the FIFO (a symlink to a regular file is fine, see below).
TEST_F(NodeFileKeysTest, SymlinkToFifoIsRefused) {
    const auto link = dir_.path() / "creds-link";
    std::filesystem::create_symlink(fifo(), link);
    expectRefusedBothWays("--eventbus.creds_file", link.string(), "is a FIFO");
}

// /dev/zero passed --check-config and then grew the node to about 1 GB at start: now both refuse it.
TEST_F(NodeFileKeysTest, DevZeroIsRefusedByCheckConfigAndStart) {
    expectRefusedBothWays("--eventbus.creds_file", "/dev/zero", "is a character device");
    expectRefusedBothWays("--auth.jwt_secret_file", "/dev/zero", "is a character device");
}

// A file over storage.file_key_limit_bytes is refused with the numbers and the key to raise.
TEST_F(NodeFileKeysTest, OversizedFileIsRefused) {
    const auto big = dir_.writeFile("big.pem", std::string(4096, 'x'));
    const auto run = timedRun(dir_, {"--check-config", "--eventbus.tls_ca_file", big.string(),
                                     "--storage.file_key_limit_bytes", "2048"});
    EXPECT_EQ(run.result.exitCode, 2);
    EXPECT_NE(run.result.err.find("is 4096 bytes, over the limit of 2048 (storage.file_key_limit_bytes)"),
              std::string::npos)
        << run.result.err;
}

// --check-config and the start agree on a too-short auth.jwt_secret: exit 2 with the same reason.
TEST_F(NodeFileKeysTest, ShortJwtSecretIsRefusedByCheckConfigAndStart) {
    expectRefusedBothWays("--auth.jwt_secret", "short", "auth.jwt_secret: expected at least 16 bytes");
}

// The admin password and the JWT secret come from files (one through a symlink to a regular file): the
// node serves, the password from the file logs in, and neither secret is in /proc/PID/cmdline.
TEST_F(NodeFileKeysTest, SecretsFromFilesStayOutOfTheCommandLine) {
    const std::string password = "file-password-7c1e";
    const std::string secret = "file-jwt-secret-0123456789abcdef";
    const auto passwordFile = dir_.writeFile("admin_password", password + "\n");
    const auto secretFile = dir_.writeFile("jwt_secret", secret);
    std::filesystem::permissions(passwordFile,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const auto secretLink = dir_.path() / "jwt_secret_link";
    std::filesystem::create_symlink(secretFile, secretLink);
    NodeProcess node(nodeBinary(),
                     {"--auth.admin_password_file", passwordFile.string(), "--auth.jwt_secret_file",
                      secretLink.string(), "--storage.data_dir", (dir_.path() / "data").string()},
                     nodeEnvironment(), dir_.path());
    ASSERT_TRUE(node.waitReady()) << node.log();

    const std::string cmdline = readFile("/proc/" + std::to_string(node.process().pid()) + "/cmdline");
    EXPECT_NE(cmdline.find("admin_password_file"), std::string::npos);
    EXPECT_EQ(cmdline.find(password), std::string::npos);
    EXPECT_EQ(cmdline.find(secret), std::string::npos);

    const auto login = httpPost(node.ports().rest, "/api/auth/login",
                                R"({"username":"admin","password":")" + password + R"("})");
    EXPECT_EQ(login.status, 200) << login.raw;
    const auto wrong =
        httpPost(node.ports().rest, "/api/auth/login", R"({"username":"admin","password":"ChangeMe123!"})");
    EXPECT_EQ(wrong.status, 401) << wrong.raw;
    EXPECT_EQ(httpGet(node.ports().rest, "/healthz").status, 200);
}

}  // namespace
}  // namespace mmo::test
