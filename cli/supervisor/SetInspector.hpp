#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/state/StateFile.hpp"

namespace mmo::cli {

// What a state file says about the machine now.
struct SetHealth {
    enum class Kind {
        Running,     // some recorded processes live and whoever should manage them is there
        Foreground,  // ... managed by a live foreground `mmoctl up` (supervisorPid)
        Stale,       // every recorded process is gone, or the foreground supervisor died
    };
    Kind kind = Kind::Stale;
    std::vector<std::string> alive;    // names of recorded processes that still run their binary
    std::vector<std::string> missing;  // names of recorded processes that do not
};

// True when the record's pid is alive and runs the recorded binary.
bool recordAlive(const ManagedProcess& process);

// Classifies a state read from the state file.
SetHealth inspectSet(const SetState& state);

// Stops whatever still runs from a stale set (SIGTERM, grace, SIGKILL) and removes its state file.
// Returns a sentence for the user: what was found and what was done.
std::string cleanStaleSet(const SetState& state, std::chrono::milliseconds grace);

// Every recorded process: regions in order, the chaos proxy (if any), then every NATS server the set
// manages.
std::vector<const ManagedProcess*> recordedProcesses(const SetState& state);

}  // namespace mmo::cli
