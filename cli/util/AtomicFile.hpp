#pragma once

#include <filesystem>
#include <string_view>

namespace mmo::cli {

// Writes content to path atomically: a temporary file in the same directory, fsync, rename over the
// target, fsync the directory. A crash leaves either the old file or the new one, never half of one.
// The file gets mode 0600 (it may hold a NATS URL with credentials); the rename replaces a symlink at
// path instead of following it.
// Throws std::system_error naming the path on failure.
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace mmo::cli
