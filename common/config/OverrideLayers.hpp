#pragma once

#include <vector>

#include "common/config/ConfigLoader.hpp"
#include "common/config/LoadState.hpp"

// The layers above the file: environment variables, then command-line flags.
namespace mmo::config::detail {

// Applies GAME_<SECTION>_<KEY> and the guide's aliases; conflicting aliases are problems, unknown GAME_*
// variables are warnings.
void applyEnvironment(const Environment& environment, LoadState& state);

// Applies the flags in order (a later flag for the same key wins); unknown keys are problems.
void applyFlags(const std::vector<FlagOverride>& flags, LoadState& state);

// Checks across keys once every layer is in: listener ports that collide, an eventbus.url that points
// at this node's own TCP ports, eventbus credentials that do not go together, eventbus files that cannot
// be read.
void checkAcrossKeys(LoadState& state);

}  // namespace mmo::config::detail
