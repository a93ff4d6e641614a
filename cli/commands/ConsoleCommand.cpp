#include "cli/commands/ConsoleCommand.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/console/ConsoleServer.hpp"
#include "cli/state/StateFile.hpp"
#include "common/log/Logging.hpp"
#include "common/net/BindError.hpp"

namespace mmo::cli {

void setupConsole(CLI::App& app, ConsoleOptions& options, int& exitCode) {
    auto* console = app.add_subcommand(
        "console", "Serve a web page of the running set on 127.0.0.1 (regions, lag matrix, maps, changes)");
    console->add_option("--state-dir", options.stateDir, "The state dir of the set")->capture_default_str();
    console->add_option("--port", options.port, "The port on 127.0.0.1 (0: a free one, printed)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    console->footer(
        "Examples:\n"
        "  mmoctl console                      # prints console: http://127.0.0.1:PORT/ ; Ctrl-C stops it\n"
        "  mmoctl console --port 8700          # from another host: ssh -L 8700:127.0.0.1:8700 HOST\n"
        "  mmoctl up --regions eu,us,ap --console -d   # the console as a process of the set\n"
        "Exit codes: 0 stopped by SIGINT/SIGTERM, 2 usage, 3 no running set or the port taken, 5 unsafe "
        "state "
        "dir.");
    console->callback([&options, &exitCode] { exitCode = runConsole(options); });
}

int runConsole(const ConsoleOptions& options) {
    const auto stateDir = std::filesystem::absolute(options.stateDir).lexically_normal();
    requireRunningSet(stateDir);
    auto logger = logging::makeLogger("console", spdlog::level::info, logging::Format::Text,
                                      std::make_shared<spdlog::sinks::stdout_sink_mt>());
    try {
        console::ConsoleServer server({stateDir, static_cast<std::uint16_t>(options.port)}, logger);
        std::cout << "console: " << server.url() << "  (the set in " << stateDir.string()
                  << "; Ctrl-C stops it)" << std::endl;
        server.run();
        return kOk;
    } catch (const net::BindError& e) {
        throw CommandError{kEnvironmentError,
                           e.goStyleMessage() +
                               "; pick another --port (0 lets the OS pick) or stop the process "
                               "that holds it"};
    }
}

}  // namespace mmo::cli
