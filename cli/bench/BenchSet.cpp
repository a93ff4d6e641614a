#include "cli/bench/BenchSet.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/ExitCode.hpp"
#include "cli/supervisor/BinaryResolver.hpp"
#include "cli/supervisor/SetLauncher.hpp"
#include "cli/supervisor/SetPlan.hpp"
#include "cli/util/PortOffset.hpp"
#include "common/config/ConfigLoader.hpp"

namespace mmo::cli::bench {

namespace {

constexpr std::chrono::seconds kReadyTimeout{30};
constexpr std::chrono::seconds kStopGrace{10};

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> benchNodeEnvironment(const BenchSettings& settings) {
    return {{"GAME_SYNC_BATCH_SIZE", std::to_string(settings.batchSize)},
            {"GAME_SYNC_FLUSH_EVERY_SECONDS", number(settings.flushSeconds)},
            {"GAME_SYNC_USE_GZIP_COMPRESSION", settings.gzip ? "true" : "false"},
            // The per-player budget would cap a connection at 20 writes/s; the frame budget must be at
            // least the action budget (the node refuses a config where it is not).
            {"GAME_GAME_ACTIONS_PER_SECOND", "100000"},
            {"GAME_GAME_ACTION_BURST", "1000000"},
            {"GAME_GAME_FRAMES_PER_SECOND", "1000000"},
            {"GAME_GAME_FRAME_BURST", "10000000"},
            {"GAME_LOG_LEVEL", "info"}};
}

std::unique_ptr<BenchSet> BenchSet::startOwn(const BenchSettings& settings, const BenchSyncOptions& options,
                                             const Report& report) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::absolute(options.stateDir) / "bench";
    if (const auto previous = readState(dir)) {
        bool alive = processAlive(previous->nats.process.pid);
        for (const auto& r : previous->regions) alive = alive || processAlive(r.process.pid);
        if (alive)
            throw CommandError{kEnvironmentError, "a bench set is already running in " + dir.string() +
                                                      " (another mmoctl bench?); stop it with mmoctl down "
                                                      "--state-dir " +
                                                      dir.string()};
        removeState(dir);
    }
    const auto natsBinary = findNatsServer(options.natsBin);
    if (!natsBinary)
        throw CommandError{
            kEnvironmentError,
            "nats-server not found; install it (apt-get install nats-server) or pass --nats-bin"};
    const auto node = findNodeBinary(options.nodeBin);
    if (!node)
        throw CommandError{kEnvironmentError,
                           "mmo-node not found next to mmoctl or on PATH; pass --node-bin"};

    SetPlanInput input;
    input.stateDir = dir;
    input.regionIds = settings.regions;
    input.offset = resolvePortOffset(options.portOffset, settings.regions, true);
    input.natsBinary = *natsBinary;
    input.nodeBinary = *node;
    const auto plan = makeSetPlan(input);
    const std::vector<std::string> nats{plan.state.nats.process.name};
    const auto busy = findBusyPorts(input, nats, settings.regions);
    if (!busy.empty())
        throw CommandError{kEnvironmentError,
                           busy.front() + "; pass another --port-offset (or auto) to mmoctl bench"};
    // A fresh world and stream every run, so one run's figures never depend on the last one's data.
    std::error_code ignored;
    fs::remove_all(dir / "data", ignored);
    fs::remove_all(dir / "nats", ignored);
    for (const auto& [name, value] : benchNodeEnvironment(settings)) ::setenv(name.c_str(), value.c_str(), 1);

    prepareSetFiles(plan, settings.regions);
    std::unique_ptr<BenchSet> set(new BenchSet());
    set->launcher_ = std::make_unique<SetLauncher>(plan.state, std::nullopt, false, [] { return false; });
    const auto outcome = set->launcher_->launch(nats, settings.regions, kReadyTimeout);
    if (outcome.kind != ReadinessOutcome::Kind::Ready) {
        const auto log = set->launcher_->logFileOf(outcome.name);
        set->launcher_->rollback(kStopGrace, report);
        set->launcher_.reset();
        throw CommandError{kProcessFailed,
                           "bench set: " + outcome.name + " " + outcome.detail + " (log: " + log + ")"};
    }
    set->state_ = set->launcher_->state();
    set->sync_ = {settings.batchSize, settings.flushSeconds, settings.gzip, "environment of the bench set"};
    return set;
}

std::unique_ptr<BenchSet> BenchSet::useRunning(const BenchSettings& settings,
                                               const BenchSyncOptions& options) {
    std::unique_ptr<BenchSet> set(new BenchSet());
    set->state_ = requireRunningSet(std::filesystem::absolute(options.stateDir));
    std::vector<RegionRecord> chosen;
    for (const auto& id : settings.regions) {
        const auto* r = findRegion(set->state_, id);
        if (!r)
            throw CommandError{kUsageError, "--regions: the running set has no region " + id +
                                                " (drop --use-running to let bench start its own set)"};
        chosen.push_back(*r);
    }
    set->state_.regions = chosen;
    // The nodes' own settings, as their config files give them (variables set when they started are not
    // visible from here).
    try {
        config::LoadRequest request;
        request.configFile = chosen.front().configFile;
        const auto loaded = config::loadConfig(request);
        set->sync_ = {loaded.config.sync.batch_size, loaded.config.sync.flush_every_seconds,
                      loaded.config.sync.use_gzip_compression, "config file " + chosen.front().configFile};
    } catch (const std::exception& e) {
        throw CommandError{kEnvironmentError, "cannot read the sync settings of the running set from " +
                                                  chosen.front().configFile + ": " + e.what()};
    }
    return set;
}

BenchSet::~BenchSet() {
    stop({});
}

void BenchSet::checkAlive() {
    if (!launcher_) return;
    if (const auto exited = launcher_->supervisor().firstExited())
        throw CommandError{kProcessFailed, "bench set: " + exited->name + " ended (status " +
                                               std::to_string(exited->status) + "); see " +
                                               launcher_->logFileOf(exited->name)};
}

void BenchSet::stop(const Report& report) {
    if (!launcher_) return;
    launcher_->supervisor().stopAll(kStopGrace, report);
    removeState(state_.stateDir);
    launcher_.reset();
}

}  // namespace mmo::cli::bench
