#include "cli/commands/CompletionCommand.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <stdexcept>

#include "cli/ExitCode.hpp"
#include "cli/completion/BashCompletion.hpp"
#include "cli/completion/CompletionModel.hpp"
#include "cli/completion/FishCompletion.hpp"
#include "cli/completion/ZshCompletion.hpp"

namespace mmo::cli {

std::string completionScript(const CLI::App& root, const std::string& shell) {
    const auto model = describeApp(root);
    if (shell == "bash") return renderBashCompletion(model);
    if (shell == "zsh") return renderZshCompletion(model);
    if (shell == "fish") return renderFishCompletion(model);
    throw std::invalid_argument("unknown shell \"" + shell + "\"; expected bash, zsh or fish");
}

void setupCompletion(CLI::App& root, CompletionOptions& options, int& exitCode) {
    auto* cmd = root.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
    cmd->add_option("shell", options.shell, "The shell")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    cmd->footer(
        "Examples:\n"
        "  source <(mmoctl completion bash)\n"
        "  mmoctl completion zsh > \"${fpath[1]}/_mmoctl\"\n"
        "  mmoctl completion fish > ~/.config/fish/completions/mmoctl.fish\n"
        "The scripts complete subcommands, flags, region aliases and the regions of the running set.");
    cmd->callback([&root, &options, &exitCode] {
        std::cout << completionScript(root, options.shell);
        exitCode = kOk;
    });
}

}  // namespace mmo::cli
