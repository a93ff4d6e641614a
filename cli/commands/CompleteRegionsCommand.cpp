#include "cli/commands/CompleteRegionsCommand.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"

namespace mmo::cli {

void setupCompleteRegions(CLI::App& app, CompleteRegionsOptions& options, int& exitCode) {
    auto* cmd = app.add_subcommand("__complete-regions", "Print the running regions (for shell completion)");
    cmd->group("");  // hidden from --help and from the completion scripts
    cmd->add_option("--state-dir", options.stateDir, "The set's state directory");
    cmd->add_flag(
        "--with-nats", options.withNats,
        "Also print the set's NATS servers (\"nats\", or nats-0, nats-1, ...; \"nats\" without a set)");
    cmd->callback([&options, &exitCode] {
        exitCode = kOk;
        try {
            const auto state = readState(options.stateDir);
            if (!state) {
                if (options.withNats) std::cout << "nats\n";
                return;
            }
            for (const auto& region : state->regions)
                if (processAlive(region.process.pid)) std::cout << region.process.name << "\n";
            if (options.withNats) {
                for (const auto* server : managedNatsServers(*state))
                    std::cout << server->process.name << "\n";
                if (state->chaos) std::cout << state->chaos->process.name << "\n";  // logs chaos
                if (state->prometheus)
                    std::cout << state->prometheus->process.name << "\n";               // logs prometheus
                if (state->console) std::cout << state->console->process.name << "\n";  // logs console
            }
        } catch (const std::exception&) {
            // completion must never print errors into the user's command line
        }
    });
}

}  // namespace mmo::cli
