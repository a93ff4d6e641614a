#include "cli/commands/LogsCommand.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/supervisor/LogPrefixer.hpp"
#include "cli/supervisor/LogTailer.hpp"
#include "cli/util/NatsClusterPlan.hpp"
#include "cli/util/SignalFlag.hpp"
#include "cli/util/Terminal.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kFollowPoll{100};

struct LogSource {
    std::string name;
    fs::path file;
};

// The logs of the set: from the state file when a set was started, else what the logs dir holds.
std::vector<LogSource> logSources(const fs::path& stateDir) {
    std::vector<LogSource> sources;
    if (const auto state = readState(stateDir)) {
        for (const auto& r : state->regions) sources.push_back({r.process.name, r.process.logFile});
        if (state->chaos) sources.push_back({state->chaos->process.name, state->chaos->process.logFile});
        if (state->prometheus)
            sources.push_back({state->prometheus->process.name, state->prometheus->process.logFile});
        if (state->console)
            sources.push_back({state->console->process.name, state->console->process.logFile});
        for (const auto* server : managedNatsServers(*state))  // "nats", or nats-0, nats-1, ... of a cluster
            sources.push_back({server->process.name, server->process.logFile});
        return sources;
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(stateDir / "logs", ec))
        if (entry.path().extension() == ".log")
            sources.push_back({entry.path().stem().string(), entry.path()});
    std::sort(sources.begin(), sources.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return sources;
}

std::string validNames(const std::vector<LogSource>& sources) {
    std::string names;
    for (const auto& s : sources) {
        names += (names.empty() ? "" : ", ") + s.name;
        if (const auto alias = regions::aliasOf(s.name)) names += " (" + *alias + ")";
    }
    return names;
}

// The last `count` lines of all sources, ordered by their timestamps (a line without one keeps the
// time of the line before it in its file).
void printInterleaved(const std::vector<LogSource>& sources, std::size_t count, const LogPrefixer& prefixer) {
    struct Entry {
        std::string key;
        std::size_t source;
        std::string line;
    };
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        std::string key;
        for (auto& line : lastLines(sources[i].file, count)) {
            if (auto k = timestampKey(line); !k.empty()) key = std::move(k);
            entries.push_back({key, i, std::move(line)});
        }
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.key < b.key; });
    const auto first = entries.size() > count ? entries.size() - count : 0;
    for (std::size_t i = first; i < entries.size(); ++i)
        std::cout << prefixer.format(sources[entries[i].source].name, entries[i].line) << "\n";
}

void follow(const std::vector<LogSource>& sources, const LogPrefixer* prefixer) {
    SignalFlag signals;
    LogTailer tailer;
    for (const auto& s : sources) tailer.add(s.name, s.file, true);
    while (!signals.raised()) {
        const bool any = tailer.poll([&](const std::string& name, const std::string& line) {
            std::cout << (prefixer ? prefixer->format(name, line) : line) << "\n";
        });
        if (any) std::cout << std::flush;
        std::this_thread::sleep_for(kFollowPoll);
    }
}

}  // namespace

void setupLogs(CLI::App& app, LogsOptions& options, int& exitCode) {
    auto* logs = app.add_subcommand("logs", "Print (and follow) the logs of the set's processes");
    logs->add_option(
        "name", options.name,
        "A region (eu, us-east-1, ...), nats (nats-0, nats-1, ... in a JetStream cluster) or chaos (the "
        "link proxy of up --wan) or prometheus (up --monitoring); all of them when omitted");
    logs->add_option("--state-dir", options.stateDir, "The state dir of the set")->capture_default_str();
    logs->add_flag("--follow,-f", options.follow, "Keep printing new lines until Ctrl-C");
    logs->add_option("--lines,-n", options.lines, "How many of the last lines to print first")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    logs->footer(
        "Examples:\n"
        "  mmoctl logs                 # the last 100 lines of every process, interleaved by time\n"
        "  mmoctl logs eu --lines 20   # eu-west-1 only\n"
        "  mmoctl logs nats --follow   # like tail -f\n"
        "  mmoctl logs nats-1          # server 1 of an up --nats-cluster set\n"
        "  mmoctl logs chaos           # the link proxy of an up --wan set\n"
        "  mmoctl logs prometheus      # the Prometheus of an up --monitoring set\n"
        "Exit codes: 0 ok, 2 unknown name, 3 no logs in the state dir.");
    logs->callback([&options, &exitCode] { exitCode = runLogs(options); });
}

int runLogs(const LogsOptions& options) {
    const auto stateDir = fs::absolute(options.stateDir).lexically_normal();
    auto sources = logSources(stateDir);
    if (sources.empty()) {
        std::cerr << "mmoctl logs: no logs in " << stateDir.string() << "; start a set with mmoctl up\n";
        return kEnvironmentError;
    }
    const auto count = static_cast<std::size_t>(options.lines);
    if (!options.name.empty()) {
        const auto id = isNatsProcessName(options.name) ? options.name : regions::expandAlias(options.name);
        const auto it =
            std::find_if(sources.begin(), sources.end(), [&](const LogSource& s) { return s.name == id; });
        if (it == sources.end()) {
            std::cerr << "mmoctl logs: no process \"" << options.name
                      << "\" in the set; valid names: " << validNames(sources) << "\n";
            return kUsageError;
        }
        for (const auto& line : lastLines(it->file, count)) std::cout << line << "\n";
        std::cout << std::flush;
        if (options.follow) follow({*it}, nullptr);
        return kOk;
    }
    std::vector<std::string> names;
    for (const auto& s : sources) names.push_back(s.name);
    const LogPrefixer prefixer(names, coloursEnabled(stdout));
    printInterleaved(sources, count, prefixer);
    std::cout << std::flush;
    if (options.follow) follow(sources, &prefixer);
    return kOk;
}

}  // namespace mmo::cli
