#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mmo::cli {

// How to start one managed process.
struct LaunchSpec {
    std::string name;  // "nats", "eu-west-1"
    std::filesystem::path binary;
    std::vector<std::string> args;
    std::filesystem::path logFile;  // stdout and stderr are appended here
    // false: own process group and PR_SET_PDEATHSIG(SIGTERM), so it dies with this mmoctl even on SIGKILL.
    // true: own session and no death signal, so it outlives mmoctl (`up --detach`).
    bool detached = false;
    std::vector<std::string> unsetEnv;          // removed from the inherited environment
    std::map<std::string, std::string> setEnv;  // added or replaced
};

// A child process on Boost.Process, owned: the destructor stops a child that is still attached and
// running (SIGTERM, then SIGKILL after a short grace) and reaps it. Start it from the thread that lives
// as long as mmoctl (the main thread): the death signal fires when the spawning thread ends.
class ChildProcess {
  public:
    // Starts the process. Throws std::runtime_error naming the binary when it cannot be started.
    explicit ChildProcess(const LaunchSpec& spec);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    const std::string& name() const { return name_; }
    pid_t pid() const { return pid_; }

    // Non-blocking: nullopt while it runs; then its exit code, or 128+N when signal N ended it.
    std::optional<int> exitStatus();

    // Lets it run on after this object is gone (it is never signalled or reaped by us again).
    void detach();

  private:
    // boost::process::child, kept out of this header: Boost.Process is heavy to compile, and only
    // ChildProcess.cpp needs it.
    struct Handle;

    std::string name_;
    std::unique_ptr<Handle> child_;
    pid_t pid_ = -1;
    bool detached_ = false;
    std::optional<int> exitStatus_;
};

// "exited with code 3", "was killed by signal 9 (Killed)" for an exitStatus() value.
std::string describeExit(int status);

}  // namespace mmo::cli
