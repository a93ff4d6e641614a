#pragma once

#include <string>

#include "cli/completion/CompletionModel.hpp"

namespace mmo::cli {

// A fish completion script: one `complete` line per subcommand and flag, guarded by the command path.
std::string renderFishCompletion(const CompletionCommand& root);

}  // namespace mmo::cli
