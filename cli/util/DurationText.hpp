#pragma once

#include <chrono>
#include <string>

namespace mmo::cli {

// Parses a duration flag: "30s", "500ms", "1.5s", "2m", or a bare number of seconds. Throws CommandError
// (usage) naming the flag when the text is not a non-negative duration.
std::chrono::milliseconds parseDuration(const std::string& flag, const std::string& text);

}  // namespace mmo::cli
