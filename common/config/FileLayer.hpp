#pragma once

#include <filesystem>
#include <string>

#include "common/config/LoadState.hpp"

// The YAML file layer of loadConfig.
namespace mmo::config::detail {

// Reads, bounds, parses and walks the file, applying every known key; every problem goes to state.
// pathOrigin ("--config" or "GAME_CONFIG") is named in the hint of a missing file.
void applyConfigFile(const std::filesystem::path& path, const std::string& pathOrigin, LoadState& state);

}  // namespace mmo::config::detail
