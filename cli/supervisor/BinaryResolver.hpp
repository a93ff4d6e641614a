#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace mmo::cli {

// nats-server: `explicitPath` when given (it must be executable), else PATH, then /usr/sbin and
// /usr/local/sbin (Debian installs it in /usr/sbin, which is not on a normal user's PATH); the env
// variable MMOCTL_SBIN_DIRS (colon-separated) replaces those two.
std::optional<std::filesystem::path> findNatsServer(const std::string& explicitPath);

// mmo-node: `explicitPath` when given, else next to the running mmoctl, else PATH.
std::optional<std::filesystem::path> findNodeBinary(const std::string& explicitPath);

// The running mmoctl itself (/proc/self/exe), which serves the chaos proxy of `up --wan`.
std::optional<std::filesystem::path> selfBinary();

// The first executable regular file called `name` in the colon-separated `dirs`.
std::optional<std::filesystem::path> searchDirs(const std::string& name, const std::string& dirs);

}  // namespace mmo::cli
