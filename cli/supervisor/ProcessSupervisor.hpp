#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/supervisor/ChildProcess.hpp"

namespace mmo::cli {

// The processes one `mmoctl up` started. Stops them in order (nodes first, all at once, then the chaos
// proxy, then NATS)
// unless they were detached; the destructor stops whatever is still attached.
class ProcessSupervisor {
  public:
    ProcessSupervisor() = default;
    ~ProcessSupervisor();
    ProcessSupervisor(const ProcessSupervisor&) = delete;
    ProcessSupervisor& operator=(const ProcessSupervisor&) = delete;

    // Starts a process (from the calling thread: call it from the main thread). Throws
    // std::runtime_error when it cannot be started.
    ChildProcess& start(const LaunchSpec& spec);

    // The first child that has ended, with its exitStatus(); nullopt while all run.
    struct Exit {
        std::string name;
        int status;
    };
    std::optional<Exit> firstExited();

    // SIGTERM to every running node, wait up to `grace`, SIGKILL the rest; then the same for the chaos
    // proxy, then for the NATS servers (all at once).
    // `report` gets one line per process stopped.
    void stopAll(std::chrono::milliseconds grace, const std::function<void(const std::string&)>& report = {});

    // Leaves every child running after mmoctl exits (`up --detach`).
    void detachAll();

    bool empty() const { return children_.empty(); }

  private:
    void stopGroup(int rank, std::chrono::milliseconds grace,
                   const std::function<void(const std::string&)>& report);

    std::vector<std::unique_ptr<ChildProcess>> children_;
};

}  // namespace mmo::cli
