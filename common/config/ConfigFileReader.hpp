#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "common/config/ConfigError.hpp"

// Reads a config file's bytes with the checks that come before any parsing.
namespace mmo::config::detail {

// Larger files are refused before parsing: a node config is a few hundred bytes.
inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;

// The file's text, or a problem (missing, a directory, unreadable, too large). pathOrigin names where the
// path came from ("--config" or "GAME_CONFIG") for the hint.
struct FileText {
    std::optional<std::string> text;
    std::optional<ConfigProblem> problem;
};
FileText readConfigFile(const std::filesystem::path& path, const std::string& pathOrigin);

}  // namespace mmo::config::detail
