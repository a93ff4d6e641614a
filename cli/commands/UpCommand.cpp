#include "cli/commands/UpCommand.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/chaos/ControlToken.hpp"
#include "cli/commands/UpChaosLinks.hpp"
#include "cli/commands/UpMonitoring.hpp"
#include "cli/monitoring/MonitoringOptions.hpp"
#include "cli/supervisor/BinaryResolver.hpp"
#include "cli/supervisor/ConsoleProcess.hpp"
#include "cli/supervisor/ForegroundRunner.hpp"
#include "cli/supervisor/SetInspector.hpp"
#include "cli/supervisor/SetLauncher.hpp"
#include "cli/supervisor/SetPlan.hpp"
#include "cli/util/DurationText.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "cli/util/PortOffset.hpp"
#include "cli/util/SignalFlag.hpp"
#include "cli/util/TextTable.hpp"
#include "common/regions/RegionId.hpp"
#include "common/text/Redaction.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kStopGrace{10000};
constexpr std::size_t kLogTailLines = 20;

// What this `up` has to do, worked out before anything starts.
struct UpJob {
    SetPlanInput input;
    std::optional<SetState> previous;      // the running set, when adding to one
    std::vector<std::string> natsToStart;  // names of the NATS servers to start
    std::vector<std::string> regionsToStart;
    bool chaosToStart = false;
    bool detached = false;
    std::optional<PrometheusRecord> prometheus;  // --monitoring: the set's Prometheus (new or kept)
    bool prometheusToStart = false;
    monitoring::MonitoringSettings monitoringSettings;
    std::optional<ConsoleRecord> console;  // --console: the set's web console (new or kept)
    bool consoleToStart = false;
};

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

fs::path natsBinary(const UpOptions& o) {
    if (auto found = findNatsServer(o.natsBin)) return *found;
    throw CommandError{
        kEnvironmentError,
        (o.natsBin.empty() ? std::string("nats-server not found") : "nats-server not found at " + o.natsBin) +
            "; install it (apt-get install nats-server, or bash scripts/install-deps.sh) or pass "
            "--nats-bin, or use a running NATS with --nats-url"};
}

fs::path nodeBinary(const UpOptions& o) {
    if (auto found = findNodeBinary(o.nodeBin)) return *found;
    throw CommandError{kEnvironmentError,
                       (o.nodeBin.empty() ? std::string("mmo-node not found next to mmoctl or on PATH")
                                          : "mmo-node not found at " + o.nodeBin) +
                           "; build it (cmake --build build --target mmo-node) or pass --node-bin"};
}

chaos::WanFlags wanFlags(const UpOptions& o) {
    return {o.wan, o.wanJitter, o.wanRate};
}

// Region ids that would be taken for one of mmoctl's own processes (in logs, status and the supervisor).
void refuseNatsLikeRegions(const std::vector<std::string>& ids) {
    for (const auto& id : ids)
        if (isNatsProcessName(id) || id == kChaosProcessName || id == kPrometheusProcessName ||
            id == kConsoleProcessName)
            throw CommandError{kUsageError, "--regions: \"" + id +
                                                "\" is the name of a process of the set (NATS or the chaos "
                                                "proxy); give the region another id"};
}

// --bind: loopback (a test set reachable from this host only) or every address. mmoctl itself reaches its
// processes on 127.0.0.1 (readiness, status, send-event...), so no other single address would work.
std::string checkedBind(const std::string& bind) {
    if (bind == "127.0.0.1" || bind == "0.0.0.0") return bind;
    throw CommandError{
        kUsageError, "--bind: \"" + bind +
                         "\" is not supported; use 127.0.0.1 (the default: reachable from this host only) or "
                         "0.0.0.0 (every address: other hosts reach the set; put a firewall in front), or "
                         "mmoctl config generate --hosts for a deployment"};
}

// --console, or a running set's console: kept while it runs, (re)started when asked for or gone.
void planSetConsole(const UpOptions& o, const fs::path& stateDir, const std::optional<ConsoleRecord>& running,
                    UpJob& job) {
    if (running && recordAlive(running->process)) {
        job.console = running;
        return;
    }
    if (!o.console && !running) return;
    const auto self = selfBinary();
    if (!self)
        throw CommandError{kEnvironmentError,
                           "cannot find the running mmoctl (/proc/self/exe) to serve the console"};
    job.console = planConsole(stateDir, *self);
    if (job.console->port <= 0)
        throw CommandError{kEnvironmentError, "no free port for the console. Nothing was started"};
    job.consoleToStart = true;
}

UpJob freshJob(const UpOptions& o, const fs::path& stateDir, std::vector<std::string> ids) {
    UpJob job;
    job.detached = o.detach;
    job.input.stateDir = stateDir;
    job.input.bindAddress = checkedBind(o.bind.empty() ? "127.0.0.1" : o.bind);
    job.input.externalNatsUrl = o.natsUrl;
    const int servers = resolveNatsClusterSize(o.natsCluster);
    if (!o.natsUrl.empty() && o.natsCluster >= 0)
        throw CommandError{kUsageError,
                           "--nats-cluster starts local NATS servers; it cannot be combined with --nats-url"};
    const bool localNats = o.natsUrl.empty();
    job.input.natsServers = localNats ? servers : 1;
    for (int i = 0; localNats && i < servers; ++i) job.natsToStart.push_back(natsServerName(i, servers));
    job.chaosToStart = planChaosLinks(wanFlags(o), o.natsUrl, ids, job.input);
    if (localNats) job.input.natsBinary = natsBinary(o);
    job.input.nodeBinary = nodeBinary(o);
    job.input.offset =
        resolvePortOffset(o.portOffset, ids, localNats, job.input.natsServers, job.input.withChaos);
    job.regionsToStart = ids;
    job.input.regionIds = std::move(ids);
    job.monitoringSettings = o.monitoringSettings;
    if (o.monitoring) {  // before anything starts: a missing prometheus starts nothing
        job.prometheus = planSetPrometheus(stateDir.string(), o.prometheusBin);
        job.prometheusToStart = true;
    }
    planSetConsole(o, stateDir, std::nullopt, job);
    return job;
}

UpJob addJob(const UpOptions& o, const SetState& running, const std::vector<std::string>& requested) {
    UpJob job;
    job.previous = running;
    job.detached = true;  // a running set without a supervisor is a detached one; new processes join it
    if (!o.detach)
        std::cerr << "mmoctl up: the set in " << running.stateDir
                  << " runs detached; what is started joins it (follow it with mmoctl logs --follow, stop it "
                     "with mmoctl down)\n";
    if (!o.portOffset.empty() && o.portOffset != "0" && o.portOffset != std::to_string(running.portOffset))
        std::cerr << "mmoctl up: the set uses port offset " << running.portOffset
                  << "; --port-offset ignored\n";
    const bool managedNats = !running.nats.process.binary.empty();
    if (!o.natsUrl.empty() && o.natsUrl != running.nats.url)
        std::cerr << "mmoctl up: the set uses NATS at " << text::redactUrlCredentials(running.nats.url)
                  << "; --nats-url ignored\n";
    const auto servers = managedNatsServers(running);
    const int runningSize = static_cast<int>(servers.size());
    if (o.natsCluster >= 0 && managedNats && resolveNatsClusterSize(o.natsCluster) != runningSize)
        std::cerr << "mmoctl up: the set runs " << runningSize << " NATS server"
                  << (runningSize == 1 ? "" : "s")
                  << "; --nats-cluster ignored (mmoctl down first to change it)\n";
    if (!o.bind.empty() && checkedBind(o.bind) != running.bindAddress)
        std::cerr << "mmoctl up: the set listens on " << running.bindAddress
                  << "; --bind ignored (mmoctl down first to change it)\n";
    job.input.stateDir = running.stateDir;
    job.input.offset = running.portOffset;
    job.input.bindAddress = running.bindAddress;
    job.input.externalNatsUrl = managedNats ? "" : running.nats.url;
    job.input.natsServers = std::max(runningSize, 1);
    for (const auto& r : running.regions) job.input.regionIds.push_back(r.process.name);
    std::vector<std::string> added;
    for (const auto& id : requested)
        if (!contains(job.input.regionIds, id)) added.push_back(id);
    job.chaosToStart = keepChaosLinks(wanFlags(o), running, added, job.input);
    job.input.regionIds.insert(job.input.regionIds.end(), added.begin(), added.end());
    for (const auto* server : servers)
        if (!recordAlive(server->process)) job.natsToStart.push_back(server->process.name);
    for (const auto& id : job.input.regionIds) {
        const auto* record = findRegion(running, id);
        if (!record || !recordAlive(record->process)) job.regionsToStart.push_back(id);
    }
    if (!job.natsToStart.empty()) job.input.natsBinary = natsBinary(o);
    if (!job.regionsToStart.empty()) job.input.nodeBinary = nodeBinary(o);
    job.monitoringSettings = o.monitoringSettings;
    if (running.prometheus && recordAlive(running.prometheus->process)) {
        job.prometheus = running.prometheus;
    } else if (o.monitoring || running.prometheus) {  // asked for, or gone: (re)start it
        job.prometheus = planSetPrometheus(running.stateDir, o.prometheusBin);
        job.prometheusToStart = true;
    }
    planSetConsole(o, running.stateDir, running.console, job);
    return job;
}

// The whole set's state: the plan, with the live records of a running set kept as they are.
SetState mergedState(const UpJob& job, const SetPlan& plan) {
    auto state = plan.state;
    state.prometheus = job.prometheus;
    state.console = job.console;
    if (!job.previous) return state;
    // A NATS server kept running keeps its record (pid, binary); one to start gets the plan's.
    const auto& previous = *job.previous;
    if (!previous.nats.process.binary.empty()) {
        if (!contains(job.natsToStart, previous.nats.process.name)) state.nats = previous.nats;
        for (std::size_t i = 0; i < previous.natsPeers.size() && i < state.natsPeers.size(); ++i)
            if (!contains(job.natsToStart, previous.natsPeers[i].process.name))
                state.natsPeers[i] = previous.natsPeers[i];
    }
    for (auto& r : state.regions)
        if (!contains(job.regionsToStart, r.process.name))
            if (const auto* kept = findRegion(*job.previous, r.process.name)) r = *kept;
    if (previous.chaos && !job.chaosToStart) state.chaos = previous.chaos;
    state.prometheus = job.prometheus;
    state.console = job.console;
    return state;
}

void printEndpoints(const SetState& state) {
    TextTable table({"region", "pid", "tcp", "udp", "rest", "metrics"});
    for (const auto& r : state.regions)
        table.addRow({r.process.name, std::to_string(r.process.pid), std::to_string(r.tcpPort),
                      std::to_string(r.udpPort), std::to_string(r.restPort), std::to_string(r.metricsPort)});
    table.print(std::cout);
    std::cout << "NATS: " << text::redactUrlCredentials(state.nats.url);
    if (!state.natsPeers.empty()) {
        std::cout << " (JetStream cluster " << kLocalClusterName << ", " << state.natsPeers.size() + 1
                  << " servers, stream replicas "
                  << streamReplicas(static_cast<int>(state.natsPeers.size()) + 1) << ")\n";
        for (const auto* server : managedNatsServers(state))
            std::cout << "  " << server->process.name << ": client " << server->clientPort << ", cluster "
                      << server->clusterPort << ", pid " << server->process.pid
                      << ", monitoring http://127.0.0.1:" << server->monitorPort << "\n";
    } else if (state.nats.process.pid > 0) {
        std::cout << " (pid " << state.nats.process.pid
                  << ", monitoring http://127.0.0.1:" << state.nats.monitorPort << ")\n";
    } else {
        std::cout << (state.nats.process.binary.empty() ? " (external)" : "") << "\n";
    }
    if (state.chaos) printChaosLinks(*state.chaos, std::cout);
    if (state.prometheus)
        std::cout << "Prometheus: http://127.0.0.1:" << state.prometheus->port << "/graph (pid "
                  << state.prometheus->process.pid << "; alerts http://127.0.0.1:" << state.prometheus->port
                  << "/alerts)\n";
    if (state.console)
        std::cout << "console: http://127.0.0.1:" << state.console->port << "/ (pid "
                  << state.console->process.pid << ")\n";
    std::cout << "listening on " << state.bindAddress
              << (state.bindAddress == "127.0.0.1" ? " (this host only; --bind 0.0.0.0 for other hosts)"
                                                   : " (every address: other hosts reach the set)")
              << "\n";
    std::cout << "state: " << state.stateDir << "  (mmoctl status | logs [REGION|"
              << (state.natsPeers.empty() ? "nats" : "nats-<i>") << (state.chaos ? "|chaos" : "")
              << (state.prometheus ? "|prometheus" : "") << (state.console ? "|console" : "")
              << (state.chaos ? "] | chaos status" : "]") << " | down)\n";
    if (!state.console)  // where to look at it (docs/console.md)
        std::cout << "web console: mmoctl console --state-dir " << state.stateDir
                  << "  (prints its URL; or mmoctl up --console)\n";
    std::cout << std::flush;
}

void printFailure(const ReadinessOutcome& outcome, const std::string& logFile) {
    std::cerr << "mmoctl up: " << outcome.name << " " << outcome.detail << "\n";
    const auto lines = lastLines(logFile, kLogTailLines);
    std::cerr << "last " << lines.size() << " lines of " << logFile << ":\n";
    for (const auto& line : lines) std::cerr << "  " << text::redactUrlCredentials(line) << "\n";
}

int launchJob(const UpJob& job, std::chrono::milliseconds timeout) {
    const auto busy = findBusyPorts(job.input, job.natsToStart, job.regionsToStart, job.chaosToStart);
    if (!busy.empty()) {
        std::string message;
        for (const auto& b : busy) message += (message.empty() ? "" : "; ") + b;
        throw CommandError{kEnvironmentError,
                           message +
                               ". Nothing was started. Pass --port-offset auto to pick free "
                               "ports, or stop the process that holds it"};
    }
    const auto plan = makeSetPlan(job.input);
    for (const auto& line : prepareSetFiles(plan, job.regionsToStart))
        std::cerr << "mmoctl up: " << line << "\n";
    // The chaos proxy's control token, created with the set (mode 0600) and kept while the state dir is.
    if (job.chaosToStart) chaos::loadOrCreateControlToken(chaosTokenPath(job.input.stateDir));
    SignalFlag signals;
    SetLauncher launcher(mergedState(job, plan), job.previous, job.detached,
                         [&] { return signals.raised(); });
    const auto outcome = launcher.launch(job.natsToStart, job.regionsToStart, timeout, job.chaosToStart);
    const auto report = [](const std::string& line) { std::cerr << "mmoctl up: " << line << "\n"; };
    if (outcome.kind == ReadinessOutcome::Kind::Interrupted) {
        std::cerr << "mmoctl up: interrupted; stopping what was started\n";
        launcher.rollback(kStopGrace, report);
        return kOk;
    }
    if (outcome.kind != ReadinessOutcome::Kind::Ready) {
        printFailure(outcome, launcher.logFileOf(outcome.name));
        launcher.rollback(kStopGrace, report);
        return kProcessFailed;
    }
    if (job.prometheusToStart) {
        writeSetMonitoringFiles(launcher.state(), job.monitoringSettings);
        const auto prometheus = launcher.launchPrometheus(timeout);
        if (prometheus.kind == ReadinessOutcome::Kind::Interrupted) {
            std::cerr << "mmoctl up: interrupted; stopping what was started\n";
            launcher.rollback(kStopGrace, report);
            return kOk;
        }
        if (prometheus.kind != ReadinessOutcome::Kind::Ready) {  // the set is not left half up
            printFailure(prometheus, launcher.logFileOf(prometheus.name));
            launcher.rollback(kStopGrace, report);
            return kProcessFailed;
        }
    } else if (job.prometheus && job.previous && !launcher.started().empty()) {
        if (const auto line = reloadSetPrometheus(launcher.state(), job.monitoringSettings); !line.empty())
            std::cerr << "mmoctl up: " << line << "\n";
    }
    if (job.consoleToStart) {
        const auto console = launcher.launchConsole(timeout);
        if (console.kind == ReadinessOutcome::Kind::Interrupted) {
            std::cerr << "mmoctl up: interrupted; stopping what was started\n";
            launcher.rollback(kStopGrace, report);
            return kOk;
        }
        if (console.kind != ReadinessOutcome::Kind::Ready) {
            printFailure(console, launcher.logFileOf(console.name));
            launcher.rollback(kStopGrace, report);
            return kProcessFailed;
        }
    }
    if (job.previous) {
        std::string started;  // in start order: NATS, the chaos proxy, the nodes
        for (const auto& name : launcher.started()) started += (started.empty() ? "" : ", ") + name;
        std::cout << (started.empty() ? "nothing to start: every process of the set runs"
                                      : "started: " + started)
                  << "\n";
    }
    printEndpoints(launcher.state());
    for (const auto& line : outcome.incompleteWorlds)
        std::cerr
            << "mmoctl up: " << line
            << "\nmmoctl up: it keeps running: restore the world store, or run `mmoctl verify-sync --deep` "
               "and `mmoctl repair` to complete its world from the other regions\n";
    const int code = outcome.incompleteWorlds.empty() ? kOk : kCheckFailed;
    if (job.detached) {
        launcher.supervisor().detachAll();
        return code;
    }
    return runForeground(launcher, signals, kStopGrace);  // the warning above was the answer
}

}  // namespace

void setupUp(CLI::App& app, UpOptions& options, int& exitCode) {
    auto* up =
        app.add_subcommand("up", "Start NATS and the region nodes, wait until ready, follow their logs");
    up->add_option(
        "--regions", options.regions,
        "Comma-separated regions: aliases eu, us, ap or ids (default: eu,us,ap, or the running set's)");
    up->add_flag("--detach,-d", options.detach, "Return once everything is ready and leave it running");
    up->add_option("--state-dir", options.stateDir, "Where configs, data, logs and state.json live")
        ->capture_default_str();
    up->add_option("--nats-url", options.natsUrl, "Use this NATS instead of starting a local nats-server");
    up->add_option("--nats-cluster", options.natsCluster,
                   "Start N nats-servers forming one JetStream cluster (N 1-9; 3 without a value); stream "
                   "replicas min(3, N)")
        ->expected(0, 1)
        ->default_str("0");
    up->add_option("--nats-bin", options.natsBin,
                   "nats-server to run (default: PATH, /usr/sbin, /usr/local/sbin)");
    up->add_option("--node-bin", options.nodeBin, "mmo-node to run (default: next to mmoctl, then PATH)");
    up->add_option("--port-offset", options.portOffset,
                   "Shift every port by N, or \"auto\" for the first free set")
        ->capture_default_str();
    up->add_option("--bind", options.bind,
                   "Address the nodes and NATS listen on: 127.0.0.1 (this host only) or 0.0.0.0 (every "
                   "address; a running set keeps its own)")
        ->default_str("127.0.0.1");
    up->add_option("--timeout", options.timeout, "How long to wait for every process to become ready")
        ->capture_default_str();
    up->add_option("--wan", options.wan,
                   "Run every node's NATS link through the chaos proxy with this one-way latency: "
                   "eu=40ms,ap=120ms or 40ms for all (docs/chaos.md)");
    up->add_option("--wan-jitter", options.wanJitter,
                   "Jitter of the chaos links: 10ms for all, or eu=5ms,ap=20ms (starts the proxy)");
    up->add_option(
        "--wan-rate", options.wanRate,
        "Rate limit of the chaos links, per direction: ap=512kbit, 10mbit, 2MB/s (starts the proxy)");
    up->add_flag("--monitoring", options.monitoring,
                 "Also start Prometheus (Debian's prometheus) scraping every node, with generated alert "
                 "rules, on a free port (docs/operations.md)");
    up->add_option("--prometheus-bin", options.prometheusBin,
                   "prometheus to run with --monitoring (default: PATH, then /usr/bin)");
    monitoring::addMonitoringOptions(*up, options.monitoringSettings);
    up->add_flag("--console", options.console,
                 "Also serve the web console (mmoctl console) as a process of the set, on a free port of "
                 "127.0.0.1 (docs/console.md)");
    up->footer(
        "Examples:\n"
        "  mmoctl up --regions eu,us,ap              # foreground: logs until Ctrl-C, then stops all\n"
        "  mmoctl up --regions eu,us,ap --detach     # return once ready; stop with mmoctl down\n"
        "  mmoctl up --regions eu,us --port-offset auto --state-dir /tmp/world2\n"
        "  mmoctl up --regions eu,us,ap --nats-cluster 3 -d  # a 3-server JetStream cluster, R3 stream\n"
        "  mmoctl up --regions eu,us,ap --wan eu=40ms,us=40ms,ap=120ms --wan-rate ap=512kbit -d\n"
        "                                            # through the chaos link proxy (mmoctl chaos --help)\n"
        "  mmoctl up --regions eu,us,ap --monitoring -d  # with Prometheus and the alert rules\n"
        "  mmoctl up --regions eu,us,ap --console -d     # with the web console (its URL is printed)\n"
        "  mmoctl up --detach                        # on a running set: restart what is missing\n"
        "  mmoctl up --regions eu,us,ap,sa-east-1 -d # add a region to a running set\n"
        "Exit codes: 0 ok, 1 (--detach) started, but a region's world is incomplete (it runs on; see mmoctl\n"
        "repair), 2 usage, 3 environment (binary missing, port busy), 4 a process failed.");
    up->callback([&options, &exitCode] { exitCode = runUp(options); });
}

int runUp(const UpOptions& options) {
    const auto timeout = parseDuration("--timeout", options.timeout);
    monitoring::validate(options.monitoringSettings);
    std::vector<std::string> requested;
    try {
        if (!options.regions.empty()) requested = regions::parseRegionList(options.regions);
    } catch (const std::invalid_argument& e) {
        throw CommandError{kUsageError, std::string("--regions: ") + e.what()};
    }
    const auto stateDir = fs::absolute(options.stateDir).lexically_normal();
    std::optional<SetState> running;
    if (auto existing = readState(stateDir)) {
        const auto health = inspectSet(*existing);
        if (health.kind == SetHealth::Kind::Foreground)
            throw CommandError{kEnvironmentError,
                               "a foreground mmoctl up (pid " + std::to_string(existing->supervisorPid) +
                                   ") runs the set in " + stateDir.string() +
                                   "; stop it (Ctrl-C there, or mmoctl down) or use another --state-dir"};
        if (health.kind == SetHealth::Kind::Stale)
            std::cerr << "mmoctl up: " << cleanStaleSet(*existing, kStopGrace) << "\n";
        else
            running = std::move(existing);
    }
    refuseNatsLikeRegions(requested);
    if (running) return launchJob(addJob(options, *running, requested), timeout);
    if (requested.empty()) requested = regions::parseRegionList("eu,us,ap");
    refuseNatsLikeRegions(requested);
    return launchJob(freshJob(options, stateDir, requested), timeout);
}

}  // namespace mmo::cli
