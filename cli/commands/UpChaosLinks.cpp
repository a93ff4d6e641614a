#include "cli/commands/UpChaosLinks.hpp"

#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/chaos/RateText.hpp"
#include "cli/supervisor/BinaryResolver.hpp"
#include "cli/supervisor/SetInspector.hpp"
#include "cli/util/ChaosLinkPlan.hpp"

namespace mmo::cli {

namespace {

// The proxy is `mmoctl chaos serve`: this very binary.
std::filesystem::path mmoctlBinary() {
    if (auto found = selfBinary()) return *found;
    throw CommandError{kEnvironmentError,
                       "cannot find the running mmoctl (/proc/self/exe) to serve the chaos proxy"};
}

void useShaping(SetPlanInput& input, const std::string& wan, const std::string& jitter,
                const std::string& rate) {
    input.withChaos = true;
    input.wan = wan;
    input.wanJitter = jitter;
    input.wanRate = rate;
}

}  // namespace

bool planChaosLinks(const chaos::WanFlags& flags, const std::string& externalNatsUrl,
                    const std::vector<std::string>& ids, SetPlanInput& input) {
    if (!flags.any()) return false;
    if (!externalNatsUrl.empty()) checkChaosCanCarry(externalNatsUrl);
    const auto canonical = chaos::canonicalFlags(chaos::resolveShapes(flags, ids));
    useShaping(input, canonical.latency, canonical.jitter, canonical.rate);
    input.chaosBinary = mmoctlBinary();
    return true;
}

bool keepChaosLinks(const chaos::WanFlags& flags, const SetState& running,
                    const std::vector<std::string>& added, SetPlanInput& input) {
    if (!running.chaos) {
        if (flags.any())
            throw CommandError{kUsageError,
                               "the set in " + running.stateDir +
                                   " runs without the chaos proxy; --wan, --wan-jitter and --wan-rate "
                                   "need a new set (mmoctl down, then mmoctl up --wan ...)"};
        return false;
    }
    if (!added.empty())
        throw CommandError{kUsageError,
                           "the set in " + running.stateDir +
                               " runs its regions through the chaos proxy, which cannot take a new "
                               "link while it runs; mmoctl down, then mmoctl up with every region"};
    if (flags.any())
        std::cerr << "mmoctl up: the set's chaos proxy keeps its links; --wan, --wan-jitter and --wan-rate "
                     "ignored (change them with mmoctl chaos set)\n";
    useShaping(input, running.chaos->wan, running.chaos->wanJitter, running.chaos->wanRate);
    if (recordAlive(running.chaos->process)) return false;
    input.chaosBinary = mmoctlBinary();
    return true;
}

void printChaosLinks(const ChaosRecord& chaos, std::ostream& out) {
    std::vector<std::string> ids;
    for (const auto& link : chaos.links) ids.push_back(link.region);
    const auto shapes = chaos::resolveShapes({chaos.wan, chaos.wanJitter, chaos.wanRate}, ids);
    out << "chaos proxy: control http://127.0.0.1:" << chaos.controlPort << " (pid " << chaos.process.pid
        << "); every node reaches NATS through its own link:\n";
    for (const auto& link : chaos.links) {
        const auto& shape = shapes.at(link.region);
        out << "  " << link.region << ": 127.0.0.1:" << link.listenPort << "  latency "
            << chaos::formatMillis(shape.latency) << ", jitter " << chaos::formatMillis(shape.jitter)
            << ", rate " << chaos::formatRate(shape.rateBitsPerSecond) << "\n";
    }
}

}  // namespace mmo::cli
