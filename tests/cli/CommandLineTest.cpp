#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <new>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "cli/CommandLine.hpp"
#include "cli/ExitCode.hpp"

// mmoctl's one error path (cli/CommandLine.hpp): every kind of failure a subcommand can raise ends as one
// line on stderr and a documented exit code, never std::terminate.
namespace mmo::test {
namespace {

using cli::CommandError;

// An mmoctl-shaped app: `fail` (its callback runs `action`), `chaos set` (nested), `ok` (stores exit 1).
struct FakeMmoctl {
    CLI::App app{"fake mmoctl"};
    int exitCode = cli::kOk;
    std::function<void()> action;
    std::ostringstream out;
    std::ostringstream err;

    FakeMmoctl() {
        app.require_subcommand(1);
        app.set_version_flag("--version", "mmoctl test");
        app.add_subcommand("fail", "fails")->callback([this] { action(); });
        auto* chaos = app.add_subcommand("chaos", "group");
        chaos->require_subcommand(1);
        chaos->add_subcommand("set", "nested")->callback([this] { action(); });
        app.add_subcommand("ok", "a check that failed")->callback([this] { exitCode = cli::kCheckFailed; });
    }

    int run(std::vector<std::string> args) {
        args.insert(args.begin(), "mmoctl");
        std::vector<const char*> argv;
        for (const auto& a : args) argv.push_back(a.c_str());
        return cli::runCommandLine(app, static_cast<int>(argv.size()), argv.data(), exitCode, out, err);
    }
};

TEST(CommandLine, CommandErrorKeepsItsCodeAndMessage) {
    FakeMmoctl m;
    m.action = [] {
        throw CommandError{cli::kUsageError, "--regions: \"x\" is not a region; example: eu,us"};
    };
    EXPECT_EQ(m.run({"fail"}), 2);
    EXPECT_EQ(m.err.str(), "mmoctl fail: --regions: \"x\" is not a region; example: eu,us\n");
}

TEST(CommandLine, EveryExitCodeOfACommandErrorPassesThrough) {
    for (const auto code :
         {cli::kCheckFailed, cli::kUsageError, cli::kEnvironmentError, cli::kProcessFailed}) {
        FakeMmoctl m;
        m.action = [code] { throw CommandError{code, "why"}; };
        EXPECT_EQ(m.run({"fail"}), code);
    }
}

TEST(CommandLine, AnyStdExceptionIsEnvironmentError) {
    FakeMmoctl m;
    m.action = [] { throw std::runtime_error("cannot read /tmp/x/state.json"); };
    EXPECT_EQ(m.run({"fail"}), 3);
    EXPECT_EQ(m.err.str(), "mmoctl fail: cannot read /tmp/x/state.json\n");
}

TEST(CommandLine, SystemErrorIsEnvironmentError) {
    FakeMmoctl m;
    m.action = [] {
        throw std::system_error(std::make_error_code(std::errc::no_space_on_device), "write state");
    };
    EXPECT_EQ(m.run({"fail"}), 3);
    EXPECT_EQ(m.err.str().rfind("mmoctl fail: write state: ", 0), 0u) << m.err.str();
}

TEST(CommandLine, OutOfMemoryIsEnvironmentError) {
    FakeMmoctl m;
    m.action = [] { throw std::bad_alloc(); };
    EXPECT_EQ(m.run({"fail"}), 3);
    EXPECT_EQ(m.err.str(), "mmoctl fail: std::bad_alloc\n");
}

TEST(CommandLine, SomethingNotAnExceptionStillEndsCleanly) {
    FakeMmoctl m;
    m.action = [] { throw 42; };
    EXPECT_EQ(m.run({"fail"}), 3);
    EXPECT_EQ(m.err.str(), "mmoctl fail: unexpected failure (not a std::exception)\n");
}

TEST(CommandLine, NestedSubcommandIsNamed) {
    FakeMmoctl m;
    m.action = [] { throw CommandError{cli::kEnvironmentError, "no chaos proxy runs"}; };
    EXPECT_EQ(m.run({"chaos", "set"}), 3);
    EXPECT_EQ(m.err.str(), "mmoctl chaos set: no chaos proxy runs\n");
}

TEST(CommandLine, MultiLineMessageBecomesOneLine) {
    FakeMmoctl m;
    m.action = [] { throw std::runtime_error("first problem\n  second problem\r\nthird\n"); };
    EXPECT_EQ(m.run({"fail"}), 3);
    EXPECT_EQ(m.err.str(), "mmoctl fail: first problem; second problem; third\n");
}

TEST(CommandLine, ParseErrorIsUsageError) {
    FakeMmoctl m;
    m.action = [] { FAIL() << "the callback must not run on a parse error"; };
    EXPECT_EQ(m.run({"fail", "--bogus"}), 2);
    EXPECT_NE(m.err.str().find("--bogus"), std::string::npos) << m.err.str();
    FakeMmoctl none;
    EXPECT_EQ(none.run({}), 2);  // a subcommand is required
}

TEST(CommandLine, HelpAndVersionAreSuccess) {
    FakeMmoctl m;
    EXPECT_EQ(m.run({"--help"}), 0);
    EXPECT_NE(m.out.str().find("fail"), std::string::npos);
    FakeMmoctl v;
    EXPECT_EQ(v.run({"--version"}), 0);
    EXPECT_TRUE(v.err.str().empty()) << v.err.str();
}

TEST(CommandLine, SuccessReturnsTheCodeTheCommandStored) {
    FakeMmoctl m;
    EXPECT_EQ(m.run({"ok"}), 1);
    EXPECT_TRUE(m.err.str().empty());
}

TEST(CommandLine, OneLineFoldsOnlyLineBreaks) {
    EXPECT_EQ(cli::oneLine("a: b  c"), "a: b  c");
    EXPECT_EQ(cli::oneLine("a\n\nb"), "a; b");
    EXPECT_EQ(cli::oneLine("\nx\n"), "x");
    EXPECT_EQ(cli::oneLine(""), "");
}

}  // namespace
}  // namespace mmo::test
