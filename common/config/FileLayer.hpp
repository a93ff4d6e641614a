#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/config/LoadState.hpp"

// The YAML file layer of loadConfig.
namespace mmo::config::detail {

// Reads, bounds, parses and walks the file, applying every known key; every problem goes to state.
// pathOrigin ("--config" or "GAME_CONFIG") is named in the hint of a missing file.
void applyConfigFile(const std::filesystem::path& path, const std::string& pathOrigin, LoadState& state);

// The same for text already in memory, named `name` in every location (the file's path, or a made-up name
// for text that never was a file); text over kMaxConfigFileBytes is refused like such a file.
void applyConfigText(const std::string& name, std::string_view text, LoadState& state);

}  // namespace mmo::config::detail
