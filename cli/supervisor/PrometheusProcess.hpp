#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cli/state/StateFile.hpp"
#include "cli/supervisor/ChildProcess.hpp"

// The Prometheus of a set (`mmoctl up --monitoring`): Debian's `prometheus`, run as a managed process
// with the generated config in <state dir>/prometheus and its TSDB in <state dir>/prometheus/data.
namespace mmo::cli {

// `explicitPath` when given (it must be executable), else PATH, then /usr/bin.
std::optional<std::filesystem::path> findPrometheus(const std::string& explicitPath);

// A free port on 127.0.0.1, picked by the kernel from its ephemeral range (never one of the port plan's,
// which another set may be about to take); 0 when there is none.
int choosePrometheusPort();

// The record of a set's Prometheus: config and rules in <stateDir>/prometheus, data in its data/,
// log in <stateDir>/logs/prometheus.log.
PrometheusRecord planPrometheus(const std::filesystem::path& stateDir, const std::filesystem::path& binary,
                                int port);

// How to start it: --config.file, --storage.tsdb.path, --web.listen-address <bind>:<port>.
LaunchSpec prometheusLaunch(const PrometheusRecord& record, bool detached, const std::string& bind);

// The path Prometheus answers 200 on once ready.
inline constexpr const char* kPrometheusReadyPath = "/-/ready";

}  // namespace mmo::cli
