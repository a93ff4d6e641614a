#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {
using testing::errorOf;
using testing::errorOfText;
using ::testing::HasSubstr;
using testing::requestFor;
using testing::TempDir;

// A problem's one-line text is "where: key: message; hint: hint".
TEST(ConfigFileError, ProblemFormatIsOneLine) {
    const ConfigProblem problem{"configs/x.yml:3:15", "sync.batch_size",
                                "expected an integer from 1 to 100000, got \"abc\"", ""};
    EXPECT_EQ(problem.format(),
              "configs/x.yml:3:15: sync.batch_size: expected an integer from 1 to 100000, got \"abc\"");
    const ConfigProblem withHint{"f.yml:1:1", "", "unknown section \"servr\"", "did you mean `server`?"};
    EXPECT_EQ(withHint.format(), "f.yml:1:1: unknown section \"servr\"; hint: did you mean `server`?");
    const ConfigError error({problem, withHint});
    EXPECT_EQ(std::string(error.what()), problem.format() + "\n" + withHint.format());
}

// A missing file names the path and hints at --config and GAME_CONFIG.
TEST(ConfigFileError, MissingFile) {
    TempDir dir;
    const auto path = dir.path() / "nope.yml";
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].where, path.string());
    EXPECT_THAT(error.problems()[0].message, HasSubstr("not found"));
    EXPECT_THAT(error.problems()[0].hint, HasSubstr("check the path"));
    EXPECT_THAT(error.problems()[0].hint, HasSubstr("GAME_CONFIG"));
}

// A missing file named by GAME_CONFIG says the path came from GAME_CONFIG.
TEST(ConfigFileError, MissingFileFromGameConfig) {
    const auto error = errorOf(requestFor(std::nullopt, {{"GAME_CONFIG", "/nonexistent/mmo/config.yml"}}));
    EXPECT_THAT(error.what(),
                HasSubstr("/nonexistent/mmo/config.yml: config file not found (path from GAME_CONFIG)"));
}

// A file without read permission is a clear "permission denied" problem.
TEST(ConfigFileError, UnreadableFile) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files of mode 000";
    TempDir dir;
    const auto path = dir.write("locked.yml", "sync: {batch_size: 5}\n");
    ASSERT_EQ(::chmod(path.c_str(), 0), 0);
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].message, HasSubstr("cannot read config file: Permission denied"));
    EXPECT_THAT(error.problems()[0].hint, HasSubstr("readable"));
}

// A directory given as the config file is unreadable as a config.
TEST(ConfigFileError, DirectoryIsUnreadable) {
    TempDir dir;
    const auto error = errorOf(requestFor(dir.path()));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].where, dir.path().string());
    EXPECT_THAT(error.problems()[0].message, HasSubstr("cannot read config file: it is a directory"));
}

// Malformed YAML reports yaml-cpp's 1-based line and column.
TEST(ConfigFileError, MalformedYaml) {
    TempDir dir;
    const auto path = dir.write("bad.yml", "sync:\n  batch_size: [1, 2\n  region_id: x\n");
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].where, HasSubstr(path.string() + ":"));
    EXPECT_THAT(error.problems()[0].message, HasSubstr("invalid YAML"));
    EXPECT_NE(error.problems()[0].where, path.string() + ":0:0");
}

// Malformed YAML on a known line reports exactly that line.
TEST(ConfigFileError, MalformedYamlLineIsExact) {
    TempDir dir;
    const auto path = dir.write("bad.yml", "sync:\n  batch_size: 5\n  region_id: \"unterminated\n");
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].where, HasSubstr(path.string() + ":3:"));
}

// An empty file says what it should contain.
TEST(ConfigFileError, EmptyFile) {
    const auto error = errorOfText("");
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].message,
              "file is empty; expected a mapping with sections eventbus, sync, server, auth, storage, "
              "checkpoint, game, log");
}

// A file of only comments is empty too.
TEST(ConfigFileError, OnlyCommentsIsEmpty) {
    const auto error = errorOfText("# nothing here\n\n   # still nothing\n");
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].message, HasSubstr("file is empty"));
}

// A top level that is a sequence or a scalar is refused with what was found.
TEST(ConfigFileError, TopLevelNotMapping) {
    EXPECT_THAT(errorOfText("- a\n- b\n").what(),
                HasSubstr("expected a mapping with sections eventbus, sync"));
    EXPECT_THAT(errorOfText("- a\n- b\n").what(), HasSubstr("got a sequence"));
    EXPECT_THAT(errorOfText("hello\n").what(), HasSubstr("got the scalar \"hello\""));
}

// An unknown section gets a did-you-mean and its line.
TEST(ConfigFileError, UnknownSectionDidYouMean) {
    TempDir dir;
    const auto path = dir.write("c.yml", "sync:\n  batch_size: 5\nservr:\n  tcp_port: 1\n");
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].where, path.string() + ":3:1");
    EXPECT_THAT(error.problems()[0].message, HasSubstr("unknown section \"servr\""));
    EXPECT_EQ(error.problems()[0].hint, "did you mean `server`?");
}

// An unknown key gets a did-you-mean among its section's keys.
TEST(ConfigFileError, UnknownKeyDidYouMean) {
    TempDir dir;
    const auto path = dir.write("c.yml", "sync:\n  batchsize: 5\n");
    const auto error = errorOf(requestFor(path));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].format(),
              path.string() + ":2:3: sync.batchsize: unknown key; hint: did you mean `batch_size`?");
}

// A key written under the wrong section points at the section it belongs to.
TEST(ConfigFileError, KeyInWrongSectionPointsToRightOne) {
    const auto error = errorOfText("sync:\n  tcp_port: 7779\n");
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].hint, HasSubstr("server.tcp_port"));
}

// A section given as a scalar or a sequence is a problem; its keys are not guessed.
TEST(ConfigFileError, SectionNotMapping) {
    EXPECT_THAT(errorOfText("server: 7777\n").what(),
                HasSubstr("server: expected a mapping of keys, got the scalar"));
    EXPECT_THAT(errorOfText("server: [1, 2]\n").what(),
                HasSubstr("server: expected a mapping of keys, got a sequence"));
}

// A key given twice is a problem naming the first line.
TEST(ConfigFileError, DuplicateKey) {
    const auto error = errorOfText("sync:\n  batch_size: 5\n  batch_size: 6\n");
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].format(),
                HasSubstr(":3:3: sync.batch_size: given twice (first at line 2)"));
}

// More than one YAML document in the file is refused.
TEST(ConfigFileError, SeveralDocuments) {
    EXPECT_THAT(errorOfText("sync: {batch_size: 5}\n---\nsync: {batch_size: 6}\n").what(),
                HasSubstr("expected one YAML document, got 2"));
}

// Every problem in the file is reported, not just the first.
TEST(ConfigFileError, CollectsAllProblems) {
    const auto error =
        errorOfText("sync:\n  batch_size: 0\n  region_id: EU\nserver:\n  tcp_port: 70000\nlogg: {}\n",
                    {{"GAME_REST_PORT", "x"}}, {{"sync.batchsize", "1", "--set"}});
    EXPECT_EQ(error.problems().size(), 6u) << error.what();
}

// 100000 levels of '[' are refused quickly by the nesting pre-scan.
TEST(ConfigFileError, DeepFlowSequenceNesting) {
    const auto start = std::chrono::steady_clock::now();
    const auto error = errorOfText(std::string(100000, '['));
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].message, HasSubstr("nests deeper than 64 levels"));
    EXPECT_THAT(error.problems()[0].where, HasSubstr("config.yml:1:"));
}

// 100000 levels of "{a:" are refused quickly by the nesting pre-scan.
TEST(ConfigFileError, DeepFlowMappingNesting) {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "{a:";
    const auto start = std::chrono::steady_clock::now();
    const auto error = errorOfText(text);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    EXPECT_THAT(error.what(), HasSubstr("nests deeper than 64 levels"));
}

// Deep block nesting (indentation and "- - -") is refused too.
TEST(ConfigFileError, DeepBlockNesting) {
    std::string indented;
    for (int i = 0; i < 200; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "a:\n";
    EXPECT_THAT(errorOfText(indented).what(), HasSubstr("nests deeper than 64 levels"));
    std::string dashes;
    for (int i = 0; i < 100000; ++i) dashes += "- ";
    EXPECT_THAT(errorOfText(dashes + "x\n").what(), HasSubstr("nests deeper than 64 levels"));
}

// A billion-laughs alias bomb is never expanded: bounded time, a clear problem for the value.
TEST(ConfigFileError, AliasBomb) {
    std::string text =
        "lol:\n  l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    for (int i = 1; i <= 10; ++i) {
        const std::string prev = "*l" + std::to_string(i - 1);
        text += "  l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
        for (int j = 0; j < 9; ++j) text += "," + prev;
        text += "]\n";
    }
    text += "sync:\n  batch_size: *l10\n";
    const auto start = std::chrono::steady_clock::now();
    const auto error = errorOfText(text);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    ASSERT_EQ(error.problems().size(), 2u) << error.what();
    EXPECT_THAT(error.problems()[0].message, HasSubstr("unknown section \"lol\""));
    EXPECT_THAT(error.problems()[1].format(),
                HasSubstr("sync.batch_size: expected an integer from 1 to 100000, got a sequence"));
}

// A file over 1 MiB is refused before parsing.
TEST(ConfigFileError, FileSizeCap) {
    const auto error = errorOfText("sync:\n  region_id: \"" + std::string(1024 * 1024, 'a') + "\"\n");
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_THAT(error.problems()[0].message, HasSubstr("config file is too large"));
}

// A huge number of bad keys yields a bounded list of problems and a count of the rest.
TEST(ConfigFileError, ProblemListIsBounded) {
    std::string text = "sync:\n";
    for (int i = 0; i < 500; ++i) text += "  k" + std::to_string(i) + ": 1\n";
    const auto error = errorOfText(text);
    ASSERT_EQ(error.problems().size(), 51u);
    EXPECT_THAT(error.problems().back().message, HasSubstr("450 more problems not shown"));
}

}  // namespace
}  // namespace mmo::config
