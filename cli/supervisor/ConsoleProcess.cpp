#include "cli/supervisor/ConsoleProcess.hpp"

#include "cli/supervisor/PrometheusProcess.hpp"

namespace mmo::cli {

ConsoleRecord planConsole(const std::filesystem::path& stateDir, const std::filesystem::path& mmoctl) {
    ConsoleRecord c;
    c.process = {kConsoleProcessName, 0, mmoctl.string(),
                 (stateDir / "logs" / (std::string(kConsoleProcessName) + ".log")).string()};
    c.port = choosePrometheusPort();  // any free port on 127.0.0.1, from the kernel's ephemeral range
    return c;
}

LaunchSpec consoleLaunch(const ConsoleRecord& record, const std::filesystem::path& stateDir, bool detached) {
    LaunchSpec spec;
    spec.name = record.process.name;
    spec.binary = record.process.binary;
    spec.args = {"console", "--state-dir", stateDir.string(), "--port", std::to_string(record.port)};
    spec.logFile = record.process.logFile;
    spec.detached = detached;
    return spec;
}

}  // namespace mmo::cli
