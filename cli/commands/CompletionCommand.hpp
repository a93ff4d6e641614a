#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct CompletionOptions {
    std::string shell;
};

// `mmoctl completion bash|zsh|fish`: prints a completion script generated from `root`'s subcommands and
// flags. `root` must outlive the parse (it is main's App).
void setupCompletion(CLI::App& root, CompletionOptions& options, int& exitCode);

// The script for one shell ("bash", "zsh", "fish"); throws std::invalid_argument for another name.
std::string completionScript(const CLI::App& root, const std::string& shell);

}  // namespace mmo::cli
