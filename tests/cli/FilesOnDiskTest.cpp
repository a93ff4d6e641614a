// What `mmoctl up` leaves on disk, attacked as another local user would: the real mmoctl, mmo-node and
// nats-server. Secrets of a --nats-url stay in private files and are shown redacted (issue 16 item 8),
// the state dir and everything in it is private (item 12), a planted symlink is never followed and a
// state dir of another user is refused (item 15). docs/security.md, "Files, secrets on disk and mmoctl".
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/NatsServerProcess.hpp"

namespace mmo::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "Pa55-w0rd-of-the-bus";
constexpr int kUnsafeStateDirExit = 5;

std::string offsetArg(int offset) {
    return "--port-offset=" + std::to_string(offset);
}

int modeOf(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
}

std::string fileText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// up with a NATS URL that carries a password: up, status and status --json show it redacted; only the
// files that need it (the node config, state.json) hold it, both 0600, and no log holds it.
TEST(MmoctlFilesOnDisk, NatsPasswordStaysInPrivateFilesAndIsShownRedacted) {
    MmoctlHarness h(15000);
    NatsServerOptions options;
    options.extraArgs = {"--user", "mmo", "--pass", kPassword};
    NatsServerProcess nats(h.dir().path() / "nats-store", h.dir().path(), options);
    const auto url =
        "nats://mmo:" + std::string(kPassword) + "@127.0.0.1:" + std::to_string(nats.clientPort());

    const auto up = h.run(
        {"up", "--regions=eu", "--detach", h.stateDirArg(), "--nats-url=" + url, offsetArg(h.freeOffset(1))});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    EXPECT_FALSE(contains(up.out + up.err, kPassword)) << up.out << up.err;
    EXPECT_TRUE(contains(up.out, "NATS: nats://mmo:<redacted>@127.0.0.1:")) << up.out;

    const auto status = h.run({"status", h.stateDirArg()});
    ASSERT_EQ(status.code, 0) << status.err;
    EXPECT_FALSE(contains(status.out + status.err, kPassword)) << status.out;
    EXPECT_TRUE(contains(status.out, "nats://mmo:<redacted>@")) << status.out;
    const auto json = h.run({"status", "--json", h.stateDirArg()});
    ASSERT_EQ(json.code, 0) << json.err;
    EXPECT_FALSE(contains(json.out + json.err, kPassword)) << json.out;
    EXPECT_TRUE(contains(json.out, "nats://mmo:<redacted>@")) << json.out;
    // Adding to the set with another URL: the note names the set's URL, redacted.
    const auto again = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), "--nats-url=" + url + "x"});
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_FALSE(contains(again.out + again.err, kPassword)) << again.err;

    std::vector<fs::path> holders;
    for (const auto& entry : fs::recursive_directory_iterator(h.stateDir())) {
        if (!entry.is_regular_file() || !contains(fileText(entry.path()), kPassword)) continue;
        holders.push_back(entry.path());
        EXPECT_EQ(modeOf(entry.path()), 0600) << entry.path();
    }
    std::sort(holders.begin(), holders.end());
    EXPECT_EQ(holders, (std::vector<fs::path>{h.stateDir() / "configs" / "config-eu-west-1.yml",
                                              h.stateDir() / "state.json"}));
    EXPECT_TRUE(contains(fileText(h.stateDir() / "logs" / "eu-west-1.log"), "Connected to NATS"))
        << "the node never logged its connection, so the absence of the password proves nothing";
}

// An error that quotes the URL redacts it too.
TEST(MmoctlFilesOnDisk, ErrorsQuoteANatsUrlRedacted) {
    MmoctlHarness h(15100);
    const auto refused = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), "--wan=40ms",
                                "--nats-url=tls://mmo:" + std::string(kPassword) + "@127.0.0.1:4222"});
    EXPECT_EQ(refused.code, 2) << refused.err;
    EXPECT_TRUE(contains(refused.err, "tls://mmo:<redacted>@127.0.0.1:4222")) << refused.err;
    EXPECT_FALSE(contains(refused.out + refused.err, kPassword)) << refused.err;
}

// Every directory of a set is 0700 and every file mmoctl or the node writes 0600, even in a state dir
// that an older mmoctl left world-readable.
TEST(MmoctlFilesOnDisk, StateDirConfigsLogsDataAndOutboxArePrivate) {
    MmoctlHarness h(15200);
    fs::create_directories(h.stateDir() / "logs");
    fs::permissions(h.stateDir(), fs::perms(0755));
    fs::permissions(h.stateDir() / "logs", fs::perms(0755));
    {
        std::ofstream old(h.stateDir() / "logs" / "eu-west-1.log");
        old << "a line of an older run\n";
    }
    fs::permissions(h.stateDir() / "logs" / "eu-west-1.log", fs::perms(0644));

    const auto up = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), offsetArg(h.freeOffset(1))});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    const auto state = h.stateDir();
    for (const auto& dir : {state, state / "logs", state / "configs", state / "data",
                            state / "data" / "eu-west-1", state / "nats"})
        EXPECT_EQ(modeOf(dir), 0700) << dir;
    for (const auto& file :
         {state / "state.json", state / "logs" / "eu-west-1.log", state / "logs" / "nats.log",
          state / "configs" / "config-eu-west-1.yml", state / "data" / "eu-west-1" / "outbox.log",
          state / "data" / "eu-west-1" / "LOCK"})
        EXPECT_EQ(modeOf(file), 0600) << file;

    const auto down = h.run({"down", h.stateDirArg()});
    ASSERT_EQ(down.code, 0) << down.err;
    EXPECT_EQ(modeOf(state / "data" / "eu-west-1" / "world.snapshot"), 0600);
    for (const auto& entry : fs::recursive_directory_iterator(state / "data"))
        EXPECT_EQ(modeOf(entry.path()) & 077, 0) << entry.path();
}

// A symlink planted in <state>/logs/ is refused before anything starts (exit 5, naming it), and its
// target is left as it was; a planted state.json symlink is refused by every reader.
TEST(MmoctlFilesOnDisk, PlantedSymlinksAreNeverFollowed) {
    MmoctlHarness h(15300);
    const auto victim = h.dir().writeFile("victim.txt", "precious\n");
    fs::create_directories(h.stateDir() / "logs");
    fs::create_symlink(victim, h.stateDir() / "logs" / "eu-west-1.log");

    const auto up = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), offsetArg(h.freeOffset(1))});
    EXPECT_EQ(up.code, kUnsafeStateDirExit) << up.out << up.err;
    EXPECT_TRUE(contains(up.err, (h.stateDir() / "logs" / "eu-west-1.log").string() + " is a symlink"))
        << up.err;
    EXPECT_EQ(fileText(victim), "precious\n");
    EXPECT_FALSE(h.state()) << "nothing may have started";

    fs::remove(h.stateDir() / "logs" / "eu-west-1.log");
    const auto planted = h.dir().writeFile("planted-state.json", "{}");
    fs::create_symlink(planted, h.stateDir() / "state.json");
    for (const std::string command : {"status", "down", "logs"}) {
        const auto result = h.run({command, h.stateDirArg()});
        EXPECT_EQ(result.code, kUnsafeStateDirExit) << command << ": " << result.err;
        EXPECT_TRUE(contains(result.err, "state.json is a symlink")) << command << ": " << result.err;
    }
    fs::remove(h.stateDir() / "state.json");
}

// A state dir owned by another user is refused by every command (exit 5, naming the owner); nothing in it
// is read or written.
TEST(MmoctlFilesOnDisk, StateDirOfAnotherUserIsRefused) {
    MmoctlHarness h(15400);
    fs::path foreign = h.dir().path() / "foreign";
    fs::create_directories(foreign);
    if (::geteuid() == 0) {
        ASSERT_EQ(::chown(foreign.c_str(), 65534, 65534), 0);
    } else {
        foreign = "/";  // root's; this user cannot hand a directory to another user
    }
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"status"}, {"down"}, {"logs"}, {"up", "--regions=eu", "--detach"}}) {
        auto full = args;
        full.push_back("--state-dir=" + foreign.string());
        const auto result = h.run(full);
        EXPECT_EQ(result.code, kUnsafeStateDirExit) << args.front() << ": " << result.err;
        EXPECT_TRUE(contains(result.err, "is owned by another user")) << result.err;
    }
    if (foreign != "/") EXPECT_TRUE(fs::is_empty(foreign));
}

}  // namespace
}  // namespace mmo::test
