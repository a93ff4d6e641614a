#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mmo::test {

// The environment of a child: the test's own, minus every GAME_* variable (so a developer's shell cannot
// change a test), plus what the test sets.
class ChildEnvironment {
  public:
    // The current environment without GAME_* and NO_COLOR.
    static ChildEnvironment inherited();

    // Sets (or replaces) one variable.
    ChildEnvironment& set(const std::string& name, const std::string& value);

    // "NAME=value" strings for execve.
    std::vector<std::string> entries() const;

  private:
    std::map<std::string, std::string> vars_;
};

// A child process started with posix_spawn, its stdout and stderr captured in files. The destructor
// kills it (SIGKILL) and reaps it if it is still running, so no test leaves a process behind.
class ChildProcess {
  public:
    // Starts `program` with `args` (without argv[0]); output goes to <outputDir>/<name>.stdout|.stderr.
    ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                 const ChildEnvironment& environment, const std::filesystem::path& outputDir,
                 const std::string& name = "child", std::optional<std::filesystem::path> workingDir = {});
    ~ChildProcess();

    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }

    // Sends a signal (no-op once the child was reaped).
    void sendSignal(int signalNumber);

    // Waits up to `timeout` for the child to end: its exit code, 128+N when killed by signal N, or
    // nullopt when it is still running.
    std::optional<int> waitExit(std::chrono::milliseconds timeout);

    // True while the child has not ended.
    bool running();

    // What the child wrote so far.
    std::string stdoutText() const;
    std::string stderrText() const;
    const std::filesystem::path& stderrPath() const { return stderrPath_; }

  private:
    std::optional<int> reap(bool block);

    pid_t pid_ = -1;
    std::optional<int> exitCode_;
    std::filesystem::path stdoutPath_;
    std::filesystem::path stderrPath_;
};

// The whole content of a file ("" when it does not exist).
std::string readFile(const std::filesystem::path& path);

}  // namespace mmo::test
