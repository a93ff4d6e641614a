#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/state/StateFile.hpp"
#include "cli/supervisor/LogTailer.hpp"
#include "cli/supervisor/ProcessSupervisor.hpp"
#include "cli/supervisor/ReadinessWaiter.hpp"

namespace mmo::cli {

// Starts the missing processes of a set in order (the NATS servers, wait for each one's /healthz and, in a
// JetStream cluster, for a meta leader; then the chaos proxy, wait for its /healthz; then the nodes, wait
// for every /readyz), keeping the state file
// current after each start so `down` finds even a half-started set. On failure it stops what it started and
// puts back the state as it was.
class SetLauncher {
  public:
    // state: the whole set, live pids of processes kept from a running set filled in.
    // previous: the state file as found (nullopt: there was none).
    SetLauncher(SetState state, std::optional<SetState> previous, bool detached,
                std::function<bool()> interrupted);

    // Starts the NATS servers named (all at once), then the chaos proxy when `chaos` (the state must have
    // one), then the regions named; nothing else. Returns how the wait ended.
    ReadinessOutcome launch(const std::vector<std::string>& nats, const std::vector<std::string>& regions,
                            std::chrono::milliseconds timeout, bool chaos = false);

    // Starts the set's Prometheus (the state must have one; its config written) and waits for /-/ready.
    ReadinessOutcome launchPrometheus(std::chrono::milliseconds timeout);

    // Starts the set's web console (the state must have one) and waits until it serves.
    ReadinessOutcome launchConsole(std::chrono::milliseconds timeout);

    // After a failed or interrupted launch: stops what this launcher started and restores the state file.
    void rollback(std::chrono::milliseconds grace, const std::function<void(const std::string&)>& report);

    // The log of a process of the set ("" when unknown).
    std::string logFileOf(const std::string& name) const;

    SetState& state() { return state_; }
    ProcessSupervisor& supervisor() { return supervisor_; }
    LogTailer& tailer() { return tailer_; }  // follows the logs of what was started, from its start
    const std::vector<std::string>& started() const { return started_; }

  private:
    ChildProcess& startOne(ManagedProcess& record, const LaunchSpec& spec);

    SetState state_;
    std::optional<SetState> previous_;
    bool detached_;
    std::function<bool()> interrupted_;
    ProcessSupervisor supervisor_;
    LogTailer tailer_;
    std::vector<std::string> started_;
};

}  // namespace mmo::cli
