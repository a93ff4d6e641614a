#pragma once

#include <string>

#include "cli/completion/CompletionModel.hpp"

namespace mmo::cli {

// A bash completion script for the tree (works with or without the bash-completion package).
std::string renderBashCompletion(const CompletionCommand& root);

}  // namespace mmo::cli
