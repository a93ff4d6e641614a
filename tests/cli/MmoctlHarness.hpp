#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/state/StateFile.hpp"
#include "tests/support/ChildProcess.hpp"
#include "tests/support/TempDir.hpp"

// Running the real mmoctl binary in integration tests: each test gets its own state dir and a port
// offset far from the other tests', so ctest -j never makes two sets collide.
namespace mmo::test {

struct MmoctlResult {
    int code = -1;  // -1 when it did not end in time
    std::string out;
    std::string err;
};

// The first offset from `base` whose ports (NATS, `regions` regions and the chaos proxy of an `up --wan`
// set) are all free now; natsServers > 1: a local JetStream cluster's ports, gateway ports included.
// Tests that run at the same time search from bases far apart, never with `--port-offset auto` (two
// searches from 0 started together pick the same ports).
int freePortOffset(int base, int regions = 3, int natsServers = 1);

class MmoctlHarness {
  public:
    // offsetBase: where this test's search for a free port offset starts (use a distinct one per test).
    explicit MmoctlHarness(int offsetBase);
    ~MmoctlHarness();  // runs `mmoctl down` so no test leaves a set behind

    // Runs `mmoctl <args>` to its end (up to `timeout`).
    MmoctlResult run(const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout = std::chrono::seconds(60),
                     const ChildEnvironment& environment = ChildEnvironment::inherited());

    // Starts `mmoctl <args>` and returns the running process (a foreground `up`).
    std::unique_ptr<ChildProcess> start(const std::vector<std::string>& args);

    // freePortOffset from this test's base.
    int freeOffset(int regions = 3, int natsServers = 1) const {
        return freePortOffset(offsetBase_, regions, natsServers);
    }

    std::filesystem::path stateDir() const { return dir_.path() / "state"; }
    std::string stateDirArg() const { return "--state-dir=" + stateDir().string(); }
    const TempDir& dir() const { return dir_; }

    // The state file, or nullopt.
    std::optional<cli::SetState> state() const { return cli::readState(stateDir()); }

  private:
    TempDir dir_{"mmoctl-test"};
    int offsetBase_;
    int runs_ = 0;
};

// True while pid runs (a zombie, ended but not reaped by its new parent, does not count).
bool pidRunning(int pid);

// Every pid of the state (regions, every NATS server and the chaos proxy).
std::vector<int> statePids(const cli::SetState& state);

}  // namespace mmo::test
