#include "cli/supervisor/ProcessSupervisor.hpp"

#include "cli/state/StateFile.hpp"
#include "cli/supervisor/ProcessTerminator.hpp"
#include "cli/util/NatsClusterPlan.hpp"

namespace mmo::cli {

namespace {
constexpr std::chrono::milliseconds kDestructorGrace{3000};

// The stop order: nodes first (they flush through the proxy and NATS), then the chaos proxy, then NATS.
int stopRank(const std::string& name) {
    if (isNatsProcessName(name)) return 2;
    return name == kChaosProcessName ? 1 : 0;
}
}  // namespace

ProcessSupervisor::~ProcessSupervisor() {
    stopAll(kDestructorGrace);
}

ChildProcess& ProcessSupervisor::start(const LaunchSpec& spec) {
    children_.push_back(std::make_unique<ChildProcess>(spec));
    return *children_.back();
}

std::optional<ProcessSupervisor::Exit> ProcessSupervisor::firstExited() {
    for (auto& child : children_)
        if (const auto status = child->exitStatus()) return Exit{child->name(), *status};
    return std::nullopt;
}

void ProcessSupervisor::stopGroup(int rank, std::chrono::milliseconds grace,
                                  const std::function<void(const std::string&)>& report) {
    std::vector<ChildProcess*> group;
    std::vector<int> pids;
    for (auto& child : children_)
        if (stopRank(child->name()) == rank && !child->exitStatus()) {
            group.push_back(child.get());
            pids.push_back(child->pid());
        }
    if (group.empty()) return;
    terminateProcesses(pids, grace);
    for (auto* child : group) {
        const auto status = child->exitStatus();  // reaps it
        if (report)
            report("stopped " + child->name() + " (pid " + std::to_string(child->pid()) + ")" +
                   (status && *status == 128 + 9 ? " with SIGKILL" : ""));
    }
}

void ProcessSupervisor::stopAll(std::chrono::milliseconds grace,
                                const std::function<void(const std::string&)>& report) {
    for (int rank = 0; rank <= 2; ++rank) stopGroup(rank, grace, report);
    children_.clear();
}

void ProcessSupervisor::detachAll() {
    for (auto& child : children_) child->detach();
    children_.clear();
}

}  // namespace mmo::cli
