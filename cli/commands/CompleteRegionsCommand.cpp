#include "cli/commands/CompleteRegionsCommand.hpp"

#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"

namespace mmo::cli {

void setupCompleteRegions(CLI::App& app, CompleteRegionsOptions& options, int& exitCode) {
    auto* cmd = app.add_subcommand("__complete-regions", "Print the running regions (for shell completion)");
    cmd->group("");  // hidden from --help and from the completion scripts
    cmd->add_option("--state-dir", options.stateDir, "The set's state directory");
    cmd->callback([&options, &exitCode] {
        exitCode = kOk;
        try {
            const auto state = readState(options.stateDir);
            if (!state) return;
            for (const auto& region : state->regions)
                if (processAlive(region.process.pid)) std::cout << region.process.name << "\n";
        } catch (const std::exception&) {
            // completion must never print errors into the user's command line
        }
    });
}

}  // namespace mmo::cli
