#include "cli/commands/DownCommand.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/supervisor/ProcessTerminator.hpp"
#include "cli/supervisor/SetInspector.hpp"
#include "cli/util/DurationText.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

// Stops the live, still-ours processes among `records`; returns those that would not stop.
std::vector<const ManagedProcess*> stopGroup(const std::vector<const ManagedProcess*>& records,
                                             std::chrono::milliseconds grace) {
    std::vector<const ManagedProcess*> live;
    std::vector<int> pids;
    for (const auto* p : records)
        if (recordAlive(*p)) {
            live.push_back(p);
            pids.push_back(p->pid);
        }
    const auto stuck = terminateProcesses(pids, grace);
    std::vector<const ManagedProcess*> failed;
    for (const auto* p : live) {
        const bool stopped = std::find(stuck.begin(), stuck.end(), p->pid) == stuck.end();
        std::cout << (stopped ? "stopped " : "could not stop ") << p->name << " (pid " << p->pid << ")\n";
        if (!stopped) failed.push_back(p);
    }
    return failed;
}

// A foreground `mmoctl up` stops its own children in order and removes the state file: ask it first.
void stopSupervisor(int pid, std::chrono::milliseconds grace) {
    if (pid <= 0 || !processAlive(pid)) return;
    std::cout << "stopping the foreground mmoctl up (pid " << pid << ")\n";
    terminateProcesses({pid}, grace + std::chrono::seconds(2));  // it needs up to `grace` for its children
}

}  // namespace

void setupDown(CLI::App& app, DownOptions& options, int& exitCode) {
    auto* down = app.add_subcommand("down", "Stop every process of the set; keep configs, data and logs");
    down->add_option("--state-dir", options.stateDir, "The state dir of the set")->capture_default_str();
    down->add_option("--timeout", options.timeout, "How long to wait after SIGTERM before SIGKILL")
        ->capture_default_str();
    down->footer(
        "Examples:\n"
        "  mmoctl down\n"
        "  mmoctl down --state-dir /tmp/world2 --timeout 3s\n"
        "Nodes (and Prometheus, up --monitoring) get SIGTERM first (they flush their last batch), then the "
        "chaos proxy (up --wan), then every\n"
        "NATS server; whatever has not ended after --timeout gets SIGKILL. Nothing in the state dir but\n"
        "state.json is removed.");
    down->callback([&options, &exitCode] { exitCode = runDown(options); });
}

int runDown(const DownOptions& options) {
    const auto grace = parseDuration("--timeout", options.timeout);
    const auto stateDir = fs::absolute(options.stateDir).lexically_normal();
    const auto state = readState(stateDir);
    if (!state) {
        std::cout << "nothing is running (no state in " << stateDir.string() << ")\n";
        return kOk;
    }
    stopSupervisor(state->supervisorPid, grace);
    std::vector<const ManagedProcess*> nodes;
    for (const auto& r : state->regions) nodes.push_back(&r.process);
    if (state->prometheus) nodes.push_back(&state->prometheus->process);  // up --monitoring
    if (state->console) nodes.push_back(&state->console->process);        // up --console
    auto failed = stopGroup(nodes, grace);
    if (state->chaos)  // after the nodes, which flush their last batch through it
        for (const auto* p : stopGroup({&state->chaos->process}, grace)) failed.push_back(p);
    std::vector<const ManagedProcess*> servers;  // every NATS server of the set, all at once
    for (const auto* server : managedNatsServers(*state)) servers.push_back(&server->process);
    for (const auto* p : stopGroup(servers, grace)) failed.push_back(p);
    if (!failed.empty()) {
        std::cerr << "mmoctl down: " << failed.size() << " process(es) did not stop even on SIGKILL; "
                  << stateFilePath(stateDir).string() << " is kept so you can retry\n";
        return kProcessFailed;
    }
    removeState(stateDir);
    std::cout << "all stopped; configs, data and logs are kept in " << stateDir.string() << "\n";
    return kOk;
}

}  // namespace mmo::cli
