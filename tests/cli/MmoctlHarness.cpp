#include "tests/cli/MmoctlHarness.hpp"

#include <signal.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>

#include "common/regions/PortScheme.hpp"

namespace mmo::test {

namespace fs = std::filesystem;

namespace {

fs::path mmoctlBinary() {
    return fs::path(MMO_BIN_DIR) / "mmoctl";
}

}  // namespace

MmoctlHarness::MmoctlHarness(int offsetBase) : offsetBase_(offsetBase) {}

MmoctlHarness::~MmoctlHarness() {
    if (fs::exists(cli::stateFilePath(stateDir()))) run({"down", stateDirArg(), "--timeout=3s"});
}

MmoctlResult MmoctlHarness::run(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                                const ChildEnvironment& environment) {
    const auto name = "run" + std::to_string(++runs_);
    ChildProcess child(mmoctlBinary(), args, environment, dir_.path(), name);
    MmoctlResult result;
    if (const auto code = child.waitExit(timeout)) result.code = *code;
    result.out = child.stdoutText();
    result.err = child.stderrText();
    return result;
}

std::unique_ptr<ChildProcess> MmoctlHarness::start(const std::vector<std::string>& args) {
    const auto name = "run" + std::to_string(++runs_);
    return std::make_unique<ChildProcess>(mmoctlBinary(), args, ChildEnvironment::inherited(), dir_.path(),
                                          name);
}

int freePortOffset(int base, int regions, int natsServers) {
    std::vector<std::string> ids;
    for (int i = 0; i < regions; ++i) ids.push_back("r" + std::to_string(i));
    for (int offset = base; offset < base + 1000; ++offset) {
        bool free = true;
        // The chaos proxy's ports too, so the offset also serves an `up --wan` set.
        for (const auto& use : regions::plannedPorts(ids, offset, true, natsServers, true))
            free = free && regions::isPortFreeOnHost(use.protocol, use.port);
        for (int i = 0; natsServers > 1 && i < natsServers; ++i)
            free = free &&
                   regions::isPortFreeOnHost(regions::Protocol::Tcp, regions::natsPorts(offset, i).gateway);
        if (free) return offset;
    }
    throw std::runtime_error("no free port offset from " + std::to_string(base));
}

bool pidRunning(int pid) {
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM)) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    const auto close = text.rfind(')');
    return close == std::string::npos || close + 2 >= text.size() || text[close + 2] != 'Z';
}

std::vector<int> statePids(const cli::SetState& state) {
    std::vector<int> pids;
    for (const auto& r : state.regions) pids.push_back(r.process.pid);
    if (state.nats.process.pid > 0) pids.push_back(state.nats.process.pid);
    for (const auto& peer : state.natsPeers)
        if (peer.process.pid > 0) pids.push_back(peer.process.pid);
    if (state.chaos && state.chaos->process.pid > 0) pids.push_back(state.chaos->process.pid);
    return pids;
}

}  // namespace mmo::test
