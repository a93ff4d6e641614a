// The state dir's private directories and files, in-process (cli/state/PrivatePaths.hpp).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

#include "cli/ExitCode.hpp"
#include "cli/state/PrivatePaths.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::cli {
namespace {

namespace fs = std::filesystem;

int modeOf(const fs::path& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
}

int exitCodeOf(const std::function<void()>& body) {
    try {
        body();
    } catch (const CommandError& e) {
        return e.code;
    }
    return 0;
}

TEST(PrivatePaths, DirectoriesAre0700AndLooseOnesAreTightened) {
    test::TempDir dir("private-paths");
    const auto state = dir.path() / "a" / "state";
    preparePrivateStateDir(state);
    EXPECT_EQ(modeOf(state), 0700);
    fs::permissions(state, fs::perms(0755));
    preparePrivateStateDir(state);
    EXPECT_EQ(modeOf(state), 0700);
    preparePrivateSubdir(state / "logs");
    EXPECT_EQ(modeOf(state / "logs"), 0700);
}

TEST(PrivatePaths, LogsAreAppendedPrivatelyAndNeverThroughASymlink) {
    test::TempDir dir("private-paths");
    const auto log = dir.path() / "node.log";
    ::close(openPrivateAppend(log));
    EXPECT_EQ(modeOf(log), 0600);
    fs::permissions(log, fs::perms(0644));
    ::close(openPrivateAppend(log));
    EXPECT_EQ(modeOf(log), 0600);

    const auto victim = dir.writeFile("victim", "precious\n");
    fs::create_symlink(victim, dir.path() / "planted.log");
    EXPECT_EQ(exitCodeOf([&] { ::close(openPrivateAppend(dir.path() / "planted.log")); }), kUnsafeStateDir);
    EXPECT_EQ(exitCodeOf([&] { ::close(openPrivateRead(dir.path() / "planted.log")); }), kUnsafeStateDir);
    EXPECT_EQ(fs::file_size(victim), 9u);

    fs::create_directory_symlink(dir.path(), dir.path() / "linked-dir");
    EXPECT_EQ(exitCodeOf([&] { preparePrivateSubdir(dir.path() / "linked-dir"); }), kUnsafeStateDir);
}

TEST(PrivatePaths, AStateDirOfAnotherUserIsRefused) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to hand a directory to another user";
    test::TempDir dir("private-paths");
    const auto foreign = dir.path() / "foreign";
    fs::create_directory(foreign);
    ASSERT_EQ(::chown(foreign.c_str(), 65534, 65534), 0);
    EXPECT_EQ(exitCodeOf([&] { refuseForeignStateDir(foreign); }), kUnsafeStateDir);
    EXPECT_EQ(exitCodeOf([&] { preparePrivateStateDir(foreign); }), kUnsafeStateDir);
    EXPECT_EQ(exitCodeOf([&] { refuseForeignStateDir(dir.path() / "missing"); }), 0);
}

}  // namespace
}  // namespace mmo::cli
