#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/bench/BenchSettings.hpp"
#include "cli/state/StateFile.hpp"

namespace mmo::cli {
class SetLauncher;
}

namespace mmo::cli::bench {

// The sync settings the nodes of the measured set run with.
struct SetSyncSettings {
    int batchSize = 0;
    double flushSeconds = 0;
    bool gzip = false;
    std::string source;  // "environment of the bench set" or "config files of the running set"
};

// The set a bench measures: its own (NATS plus one node per region in <state-dir>/bench, on a free port
// offset, the sync settings and raised game limits given as GAME_* environment variables, stopped and
// its state file removed when this object goes away), or the running set of a state dir.
class BenchSet {
  public:
    using Report = std::function<void(const std::string&)>;

    // Starts a fresh set (its data and JetStream store wiped first). Throws CommandError: 2 bad
    // --port-offset, 3 a binary missing, a port busy or a bench set already running there, 4 a process
    // that exits or is not ready in time.
    static std::unique_ptr<BenchSet> startOwn(const BenchSettings& settings, const BenchSyncOptions& options,
                                              const Report& report);
    // The running set of options.stateDir (exit 3 when none), its settings read from its config files.
    static std::unique_ptr<BenchSet> useRunning(const BenchSettings& settings,
                                                const BenchSyncOptions& options);

    ~BenchSet();
    BenchSet(const BenchSet&) = delete;
    BenchSet& operator=(const BenchSet&) = delete;

    const SetState& state() const { return state_; }
    const SetSyncSettings& sync() const { return sync_; }
    bool own() const { return launcher_ != nullptr; }
    // Throws CommandError (exit 4) naming a process of an own set that has ended.
    void checkAlive();
    // Stops an own set (nodes, then NATS) and removes its state file; nothing for a running set.
    void stop(const Report& report);

  private:
    BenchSet() = default;

    SetState state_;
    SetSyncSettings sync_;
    std::unique_ptr<SetLauncher> launcher_;
};

// The environment a bench set's nodes get: the sync settings and game limits high enough that one
// connection can write as fast as the node accepts (no rate_limited, no flood).
std::vector<std::pair<std::string, std::string>> benchNodeEnvironment(const BenchSettings& settings);

}  // namespace mmo::cli::bench
