#pragma once

#include <string>

#include "cli/completion/CompletionModel.hpp"

namespace mmo::cli {

// A zsh completion script (#compdef mmoctl) with descriptions for subcommands and flags.
std::string renderZshCompletion(const CompletionCommand& root);

}  // namespace mmo::cli
