#include "cli/supervisor/SetLauncher.hpp"

#include <unistd.h>

#include <algorithm>

#include "cli/supervisor/ConsoleProcess.hpp"
#include "cli/supervisor/PrometheusProcess.hpp"
#include "cli/supervisor/SetPlan.hpp"

namespace mmo::cli {

SetLauncher::SetLauncher(SetState state, std::optional<SetState> previous, bool detached,
                         std::function<bool()> interrupted)
    : state_(std::move(state)),
      previous_(std::move(previous)),
      detached_(detached),
      interrupted_(std::move(interrupted)) {
    state_.supervisorPid = detached_ ? 0 : static_cast<int>(::getpid());
}

ChildProcess& SetLauncher::startOne(ManagedProcess& record, const LaunchSpec& spec) {
    tailer_.add(record.name, record.logFile, true);  // the foreground shows this run's lines only
    auto& child = supervisor_.start(spec);
    record.pid = child.pid();
    started_.push_back(record.name);
    writeState(state_);
    return child;
}

ReadinessOutcome SetLauncher::launch(const std::vector<std::string>& nats,
                                     const std::vector<std::string>& regions,
                                     std::chrono::milliseconds timeout, bool chaos) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto left = [&] {
        return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                          deadline - std::chrono::steady_clock::now()));
    };
    const auto named = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    if (!nats.empty()) {
        const auto servers = managedNatsServers(state_);
        const std::vector<const NatsRecord*> cluster(servers.begin(), servers.end());
        const bool clustered = servers.size() > 1;
        std::vector<ReadinessTarget> natsTargets;
        for (auto* server : servers) {
            if (!named(nats, server->process.name)) continue;
            const auto spec = clustered ? natsClusterLaunch(*server, cluster, detached_, state_.bindAddress)
                                        : natsLaunch(*server, detached_, state_.bindAddress);
            auto& child = startOne(server->process, spec);
            // A server of a cluster is ready once the cluster elected a meta leader (every server of a
            // fresh cluster started together; a restarted one once it rejoined).
            natsTargets.push_back({server->process.name, static_cast<std::uint16_t>(server->monitorPort),
                                   clustered ? kJetStreamClusterReadyPath : "/healthz", &child});
        }
        ReadinessWaiter waiter(left(), interrupted_);
        if (auto outcome = waiter.waitAll(natsTargets); outcome.kind != ReadinessOutcome::Kind::Ready)
            return outcome;
    }
    if (chaos && state_.chaos) {
        auto& child = startOne(state_.chaos->process,
                               chaosLaunch(*state_.chaos, detached_, chaosTokenPath(state_.stateDir)));
        ReadinessWaiter waiter(left(), interrupted_);
        const std::vector<ReadinessTarget> proxy{{state_.chaos->process.name,
                                                  static_cast<std::uint16_t>(state_.chaos->controlPort),
                                                  "/healthz", &child}};
        if (auto outcome = waiter.waitAll(proxy); outcome.kind != ReadinessOutcome::Kind::Ready)
            return outcome;
    }
    std::vector<ReadinessTarget> targets;
    for (auto& region : state_.regions) {
        if (!named(regions, region.process.name)) continue;
        auto& child = startOne(region.process, nodeLaunch(region, detached_));
        targets.push_back(
            {region.process.name, static_cast<std::uint16_t>(region.restPort), "/readyz", &child});
    }
    if (targets.empty()) return {};
    ReadinessWaiter waiter(left(), interrupted_);
    return waiter.waitAll(targets);
}

ReadinessOutcome SetLauncher::launchPrometheus(std::chrono::milliseconds timeout) {
    if (!state_.prometheus) return {};
    auto& record = *state_.prometheus;
    auto& child = startOne(record.process, prometheusLaunch(record, detached_, state_.bindAddress));
    ReadinessWaiter waiter(timeout, interrupted_);
    return waiter.waitAll(
        {{record.process.name, static_cast<std::uint16_t>(record.port), kPrometheusReadyPath, &child}});
}

ReadinessOutcome SetLauncher::launchConsole(std::chrono::milliseconds timeout) {
    if (!state_.console) return {};
    auto& record = *state_.console;
    auto& child = startOne(record.process, consoleLaunch(record, state_.stateDir, detached_));
    ReadinessWaiter waiter(timeout, interrupted_);
    return waiter.waitAll(
        {{record.process.name, static_cast<std::uint16_t>(record.port), kConsoleReadyPath, &child}});
}

void SetLauncher::rollback(std::chrono::milliseconds grace,
                           const std::function<void(const std::string&)>& report) {
    supervisor_.stopAll(grace, report);
    if (previous_)
        writeState(*previous_);
    else
        removeState(state_.stateDir);
}

std::string SetLauncher::logFileOf(const std::string& name) const {
    if (const auto* server = findNatsServer(state_, name)) return server->process.logFile;
    if (state_.chaos && state_.chaos->process.name == name) return state_.chaos->process.logFile;
    if (state_.prometheus && state_.prometheus->process.name == name)
        return state_.prometheus->process.logFile;
    if (state_.console && state_.console->process.name == name) return state_.console->process.logFile;
    for (const auto& r : state_.regions)
        if (r.process.name == name) return r.process.logFile;
    return {};
}

}  // namespace mmo::cli
