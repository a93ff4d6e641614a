// The files a real mmo-node creates in its data dir are private to its user: the data dir 0700, the
// lock, the outbox and the world snapshot 0600 (docs/security.md, "Files, secrets on disk and mmoctl"),
// checked with stat after a start and a clean stop.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include "tests/support/NodeProcess.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// The permission bits of path (st_mode & 07777), or -1 when it cannot be stat'ed.
int modeOf(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
}

// A node started on a data dir that does not exist yet (nor its parent) creates it 0700 and its files
// 0600, whatever the umask lets through; a clean stop writes the snapshot 0600.
TEST(NodeDataDirModes, DataDirOutboxLockAndSnapshotArePrivate) {
    TempDir dir("node-data-modes");
    const auto dataDir = dir.path() / "parent" / "data";
    auto env = nodeEnvironment();
    env.set("GAME_STORAGE_DATA_DIR", dataDir.string());
    NodeProcess node(fs::path(MMO_BIN_DIR) / "mmo-node", {}, env, dir.path());
    ASSERT_TRUE(node.waitReady()) << node.log();
    EXPECT_EQ(modeOf(dataDir), 0700);
    EXPECT_EQ(modeOf(dataDir / "LOCK"), 0600);
    EXPECT_EQ(modeOf(dataDir / "outbox.log"), 0600);

    node.process().sendSignal(SIGTERM);
    ASSERT_TRUE(node.process().waitExit(20s).has_value()) << node.log();
    ASSERT_TRUE(fs::exists(dataDir / "world.snapshot")) << node.log();
    EXPECT_EQ(modeOf(dataDir / "world.snapshot"), 0600);
    for (const auto& entry : fs::directory_iterator(dataDir))
        if (entry.is_regular_file()) EXPECT_EQ(modeOf(entry.path()) & 077, 0) << entry.path();
}

}  // namespace
}  // namespace mmo::test
