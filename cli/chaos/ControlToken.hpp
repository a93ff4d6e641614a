#pragma once

#include <filesystem>
#include <string>
#include <string_view>

// The secret of a chaos proxy's control API: every request but GET /healthz carries it as
// `Authorization: Bearer <token>`, so neither another local user nor a web page (a cross-site POST, a
// rebound DNS name) can shape or cut the links. It lives in a file of mode 0600: <state>/chaos.token for
// the proxy of a set, or the --token-file of a standalone `mmoctl chaos serve`.
namespace mmo::cli::chaos {

// 32 random bytes (getrandom), as 64 hex digits.
std::string newControlToken();

// The token in `file`, created first (mode 0600, a new token) when there is none. Never through a
// symlink. Throws CommandError naming the file: 5 when it is not this user's regular file, 3 when it
// cannot be read or written, 2 when it does not hold a token.
std::string loadOrCreateControlToken(const std::filesystem::path& file);

// The token in `file`. Throws CommandError as above; exit 3 when the file does not exist.
std::string readControlToken(const std::filesystem::path& file);

// Compares in time independent of where they differ.
bool sameToken(std::string_view given, std::string_view expected);

}  // namespace mmo::cli::chaos
