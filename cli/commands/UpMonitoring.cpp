#include "cli/commands/UpMonitoring.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "cli/ExitCode.hpp"
#include "cli/monitoring/AlertRules.hpp"
#include "cli/monitoring/PrometheusConfig.hpp"
#include "cli/state/PrivatePaths.hpp"
#include "cli/supervisor/PrometheusProcess.hpp"
#include "cli/util/AtomicFile.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

PrometheusRecord planSetPrometheus(const std::string& stateDir, const std::string& prometheusBin) {
    const auto binary = findPrometheus(prometheusBin);
    if (!binary)
        throw CommandError{kEnvironmentError,
                           (prometheusBin.empty() ? std::string("prometheus not found on PATH or in /usr/bin")
                                                  : "prometheus not found at " + prometheusBin) +
                               "; install it (apt-get install prometheus, or bash scripts/install-deps.sh) "
                               "or pass --prometheus-bin. Nothing was started"};
    const int port = choosePrometheusPort();
    if (port <= 0) throw CommandError{kEnvironmentError, "no free port for Prometheus. Nothing was started"};
    return planPrometheus(stateDir, *binary, port);
}

namespace {

void writeConfig(const SetState& state, const monitoring::MonitoringSettings& settings) {
    std::vector<monitoring::ScrapeTarget> targets;
    for (const auto& r : state.regions)
        targets.push_back({r.process.name, "127.0.0.1:" + std::to_string(r.metricsPort)});
    writeFileAtomically(state.prometheus->configFile, monitoring::renderPrometheusConfig(targets, settings));
}

}  // namespace

void writeSetMonitoringFiles(const SetState& state, const monitoring::MonitoringSettings& settings) {
    if (!state.prometheus) return;
    const fs::path dir = fs::path(state.prometheus->configFile).parent_path();
    preparePrivateSubdir(dir);
    preparePrivateSubdir(state.prometheus->dataDir);
    writeConfig(state, settings);
    writeFileAtomically(state.prometheus->rulesFile, monitoring::renderAlertRules(settings));
}

std::string reloadSetPrometheus(const SetState& state, const monitoring::MonitoringSettings& settings) {
    if (!state.prometheus || !processAlive(state.prometheus->process.pid)) return {};
    auto kept = settings;  // the running config's interval stays (the flags are those of this `up`)
    std::ifstream current(state.prometheus->configFile);
    static const std::regex interval(R"(^  scrape_interval: (\S+)$)");
    std::smatch match;
    for (std::string line; std::getline(current, line);)
        if (std::regex_match(line, match, interval)) {
            kept.scrapeInterval = match[1];
            break;
        }
    writeConfig(state, kept);
    if (::kill(state.prometheus->process.pid, SIGHUP) != 0) return "prometheus: could not ask it to reload";
    return "prometheus: scrapes the new regions too (config reloaded)";
}

}  // namespace mmo::cli
