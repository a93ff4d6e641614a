#pragma once

#include <chrono>

#include "cli/supervisor/SetLauncher.hpp"
#include "cli/util/SignalFlag.hpp"

namespace mmo::cli {

// The foreground part of `mmoctl up`: prints every started process's log lines with a coloured name
// prefix until a signal arrives (then stops all in order, removes the state file, returns 0) or a
// process ends (then reports it, stops the others, removes the state file, returns 4).
int runForeground(SetLauncher& launcher, const SignalFlag& signals, std::chrono::milliseconds grace);

}  // namespace mmo::cli
