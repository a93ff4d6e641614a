#include "cli/supervisor/SetInspector.hpp"

#include "cli/supervisor/ProcessTerminator.hpp"

namespace mmo::cli {

bool recordAlive(const ManagedProcess& process) {
    return process.pid > 0 && processRunsBinary(process.pid, process.binary);
}

std::vector<const ManagedProcess*> recordedProcesses(const SetState& state) {
    std::vector<const ManagedProcess*> out;
    for (const auto& r : state.regions) out.push_back(&r.process);
    if (state.chaos) out.push_back(&state.chaos->process);
    if (state.prometheus) out.push_back(&state.prometheus->process);
    if (state.console) out.push_back(&state.console->process);
    for (const auto* server : managedNatsServers(state)) out.push_back(&server->process);
    return out;
}

SetHealth inspectSet(const SetState& state) {
    SetHealth health;
    for (const auto* p : recordedProcesses(state))
        (recordAlive(*p) ? health.alive : health.missing).push_back(p->name);
    if (state.supervisorPid != 0)
        health.kind =
            processAlive(state.supervisorPid) ? SetHealth::Kind::Foreground : SetHealth::Kind::Stale;
    else
        health.kind = health.alive.empty() ? SetHealth::Kind::Stale : SetHealth::Kind::Running;
    return health;
}

std::string cleanStaleSet(const SetState& state, std::chrono::milliseconds grace) {
    std::vector<int> leftovers;
    std::string names;
    for (const auto* p : recordedProcesses(state))
        if (recordAlive(*p)) {
            leftovers.push_back(p->pid);
            names += (names.empty() ? "" : ", ") + p->name + " (pid " + std::to_string(p->pid) + ")";
        }
    std::string message = "found stale state in " + stateFilePath(state.stateDir).string();
    if (state.supervisorPid != 0 && !processAlive(state.supervisorPid))
        message += " (its foreground mmoctl up, pid " + std::to_string(state.supervisorPid) + ", is gone)";
    else
        message += " (none of its processes runs)";
    if (!leftovers.empty()) {
        const auto stuck = terminateProcesses(leftovers, grace);
        message += "; stopped leftover " + names;
        if (!stuck.empty()) message += " (some did not stop even on SIGKILL)";
    }
    removeState(state.stateDir);
    return message + "; cleaned it";
}

}  // namespace mmo::cli
