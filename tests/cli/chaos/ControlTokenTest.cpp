// The chaos control token's file and comparison, in-process (cli/chaos/ControlToken.hpp).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>

#include "cli/ExitCode.hpp"
#include "cli/chaos/ControlToken.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::cli::chaos {
namespace {

namespace fs = std::filesystem;

int exitCodeOf(const std::function<void()>& body) {
    try {
        body();
    } catch (const CommandError& e) {
        return e.code;
    }
    return 0;
}

TEST(ControlToken, SameTokenNeedsEveryCharacterAndTheLength) {
    EXPECT_TRUE(sameToken("0123456789abcdef", "0123456789abcdef"));
    EXPECT_FALSE(sameToken("0123456789abcdeF", "0123456789abcdef"));
    EXPECT_FALSE(sameToken("0123456789abcde", "0123456789abcdef"));
    EXPECT_FALSE(sameToken("0123456789abcdef0", "0123456789abcdef"));
    EXPECT_FALSE(sameToken("", "0123456789abcdef"));
    EXPECT_FALSE(sameToken("", ""));  // no token configured never matches
}

TEST(ControlToken, NewTokensAreLongAndDiffer) {
    const auto a = newControlToken();
    EXPECT_EQ(a.size(), 64u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
    EXPECT_NE(a, newControlToken());
}

// Created 0600 when missing, then read back unchanged.
TEST(ControlToken, FileIsCreatedPrivateAndKept) {
    test::TempDir dir("control-token");
    const auto file = dir.path() / "chaos.token";
    const auto token = loadOrCreateControlToken(file);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_EQ(loadOrCreateControlToken(file), token);
    EXPECT_EQ(readControlToken(file), token);
}

// A symlink is refused (exit 5), a file without a token is exit 2, a missing one exit 3.
TEST(ControlToken, BadFilesAreRefusedWithTheirExitCodes) {
    test::TempDir dir("control-token");
    const auto target = dir.writeFile("target", "0123456789abcdef0123\n");
    fs::create_symlink(target, dir.path() / "link.token");
    EXPECT_EQ(exitCodeOf([&] { readControlToken(dir.path() / "link.token"); }), kUnsafeStateDir);
    EXPECT_EQ(exitCodeOf([&] { loadOrCreateControlToken(dir.path() / "link.token"); }), kUnsafeStateDir);
    const auto empty = dir.writeFile("empty.token", "short\n");
    EXPECT_EQ(exitCodeOf([&] { readControlToken(empty); }), kUsageError);
    EXPECT_EQ(exitCodeOf([&] { readControlToken(dir.path() / "missing.token"); }), kEnvironmentError);
}

}  // namespace
}  // namespace mmo::cli::chaos
