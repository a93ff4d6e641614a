// The completion scripts: generated from the App tree, current in completions/, and working in real shells.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands/CompletionCommand.hpp"
#include "cli/completion/CompletionModel.hpp"
#include "tests/support/TempDir.hpp"

namespace {

struct Run {
    int status = -1;
    std::string out;
};

// Runs a shell command and captures its stdout.
Run run(const std::string& command) {
    Run result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        result.out.append(buffer.data(), n);
    result.status = ::pclose(pipe);
    return result;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::string kMmoctl = std::string(MMO_BIN_DIR) + "/mmoctl";
const std::string kCompletions = std::string(MMO_SOURCE_DIR) + "/completions/";

bool hasShell(const std::string& shell) {
    return run("command -v " + shell + " >/dev/null 2>&1").status == 0;
}

// The model lists visible subcommands and flags with their value kinds, and leaves hidden ones out.
TEST(CompletionModelTest, WalksTheAppTree) {
    CLI::App app{"test"};
    auto* up = app.add_subcommand("up", "Start");
    std::string regions, dir, shell;
    bool detach = false;
    up->add_option("--regions", regions, "regions");
    up->add_option("--state-dir", dir, "dir");
    up->add_flag("--detach,-d", detach, "detach");
    auto* completion = app.add_subcommand("completion", "scripts");
    completion->add_option("shell", shell)->check(CLI::IsMember({"bash", "zsh", "fish"}));
    app.add_subcommand("__hidden", "")->group("");
    const auto model = mmo::cli::describeApp(app);
    ASSERT_EQ(model.subcommands.size(), 2u);
    const auto& upModel = model.subcommands[0];
    EXPECT_EQ(upModel.path, "/up");
    ASSERT_EQ(upModel.options.size(), 4u);  // --help, --regions, --state-dir, --detach
    EXPECT_EQ(upModel.options[1].kind, mmo::cli::ValueKind::RegionList);
    EXPECT_EQ(upModel.options[2].kind, mmo::cli::ValueKind::Directory);
    EXPECT_EQ(upModel.options[3].kind, mmo::cli::ValueKind::None);
    EXPECT_EQ(upModel.options[3].shortNames, std::vector<std::string>{"d"});
    ASSERT_EQ(model.subcommands[1].positionals.size(), 1u);
    EXPECT_EQ(model.subcommands[1].positionals[0].choices, (std::vector<std::string>{"bash", "zsh", "fish"}));
}

// completions/ holds exactly what `mmoctl completion <shell>` prints (regenerate: target mmoctl_completions).
TEST(CompletionScriptsTest, CommittedScriptsAreCurrent) {
    const std::pair<const char*, const char*> files[] = {
        {"bash", "mmoctl.bash"}, {"zsh", "_mmoctl"}, {"fish", "mmoctl.fish"}};
    for (const auto& [shell, file] : files) {
        const auto generated = run(kMmoctl + " completion " + shell);
        ASSERT_EQ(generated.status, 0) << shell;
        EXPECT_EQ(generated.out, readFile(kCompletions + file))
            << kCompletions << file
            << " is stale; run `cmake --build <build dir> --target mmoctl_completions`";
    }
}

// Runs the bash script under bash-completion for the words given; returns the candidates, one a line.
// The driver script lives in a directory of its own: ctest runs the bash tests in parallel processes.
std::string bashComplete(const std::string& words, int cword) {
    const mmo::test::TempDir dir("mmoctl-bash-complete");
    std::ostringstream script;
    script << "source /usr/share/bash-completion/bash_completion\n"
           << "source " << kCompletions << "mmoctl.bash\n"
           << "COMP_WORDS=(" << words << "); COMP_CWORD=" << cword << "\n"
           << "_mmoctl\n"
           << "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    const auto file = dir.writeFile("complete.sh", script.str());
    return run("PATH=" + std::string(MMO_BIN_DIR) + ":$PATH bash " + file.string()).out;
}

// `mmoctl <TAB>` in a real bash with bash-completion lists the subcommands, not the hidden one.
TEST(CompletionScriptsTest, BashCompletesSubcommands) {
    if (!hasShell("bash") || !std::ifstream("/usr/share/bash-completion/bash_completion"))
        GTEST_SKIP() << "bash-completion not installed (scripts/install-deps.sh installs it)";
    const auto out = bashComplete("mmoctl \"\"", 1);
    for (const char* sub :
         {"config", "up", "down", "status", "logs", "send-event", "verify-sync", "completion"})
        EXPECT_NE(out.find(std::string(sub) + "\n"), std::string::npos) << sub << " missing in:\n" << out;
    EXPECT_EQ(out.find("__complete-regions"), std::string::npos);
}

// `mmoctl up --reg<TAB>` completes the flag; `--regions e<TAB>` and `--regions eu,u<TAB>` complete regions.
TEST(CompletionScriptsTest, BashCompletesFlagsAndRegions) {
    if (!hasShell("bash") || !std::ifstream("/usr/share/bash-completion/bash_completion"))
        GTEST_SKIP() << "bash-completion not installed";
    EXPECT_EQ(bashComplete("mmoctl up --reg", 2), "--regions\n");
    EXPECT_EQ(bashComplete("mmoctl up --regions e", 3), "eu\neu-west-1\n");
    EXPECT_EQ(bashComplete("mmoctl up --regions eu,u", 3), "eu,us\neu,us-east-1\n");
    EXPECT_EQ(bashComplete("mmoctl config generate --f", 3), "--force\n");
    EXPECT_EQ(bashComplete("mmoctl completion z", 2), "zsh\n");
    EXPECT_EQ(bashComplete("mmoctl send-event --type F", 3), "FillEvent\n");
}

// zsh and fish accept their scripts (syntax check) when installed.
TEST(CompletionScriptsTest, ZshAndFishParseTheirScripts) {
    if (hasShell("zsh")) {
        EXPECT_EQ(run("zsh -n " + kCompletions + "_mmoctl").status, 0);
    }
    if (hasShell("fish")) {
        EXPECT_EQ(run("fish --no-execute " + kCompletions + "mmoctl.fish").status, 0);
        const auto out = run("PATH=" + std::string(MMO_BIN_DIR) + ":$PATH fish -c 'source " + kCompletions +
                             "mmoctl.fish; complete -C \"mmoctl up --reg\"'");
        EXPECT_NE(out.out.find("--regions"), std::string::npos) << out.out;
    }
}

}  // namespace
