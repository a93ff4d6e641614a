#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/ChildProcess.hpp"
#include "tests/support/TempDir.hpp"

// Helpers shared by the node process tests.
namespace mmo::test {

inline std::filesystem::path nodeBinary() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmo-node";
}
inline std::filesystem::path serverLink() {
    return std::filesystem::path(MMO_BIN_DIR) / "mmo-server";
}

// Generous: only reached when something is broken; a healthy run ends far sooner.
inline constexpr std::chrono::seconds kExitTimeout{15};

// The outcome of a short run of the node (--check-config, --print-config, a failing start).
struct RunResult {
    int exitCode = -1;  // -1: did not exit within kExitTimeout (it was killed)
    std::string out;
    std::string err;
};

// Runs the node to its end in `dir` with `env`.
inline RunResult runNode(const TempDir& dir, const std::vector<std::string>& args,
                         const ChildEnvironment& env, const std::filesystem::path& binary = nodeBinary()) {
    ChildProcess child(binary, args, env, dir.path(), "run", dir.path());
    const auto code = child.waitExit(kExitTimeout);
    return {code.value_or(-1), child.stdoutText(), child.stderrText()};
}

}  // namespace mmo::test
