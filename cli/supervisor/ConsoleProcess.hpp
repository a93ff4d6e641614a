#pragma once

#include <filesystem>

#include "cli/state/StateFile.hpp"
#include "cli/supervisor/ChildProcess.hpp"

// The web console of a set (`mmoctl up --console`): `mmoctl console --state-dir <state> --port <port>`, run
// by the same mmoctl as a managed process of the set (docs/console.md).
namespace mmo::cli {

// The record of a set's console: the mmoctl binary, a port picked by the kernel on 127.0.0.1 (0 as given
// means: pick one), its log in <stateDir>/logs/console.log.
ConsoleRecord planConsole(const std::filesystem::path& stateDir, const std::filesystem::path& mmoctl);

// How to start it.
LaunchSpec consoleLaunch(const ConsoleRecord& record, const std::filesystem::path& stateDir, bool detached);

// The path the console answers 200 on once it serves.
inline constexpr const char* kConsoleReadyPath = "/console/set";

}  // namespace mmo::cli
