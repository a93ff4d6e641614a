// mmoctl: the orchestrator. main() only wires the subcommands; each lives in cli/commands/.
#include <CLI/CLI.hpp>

#include "cli/ExitCode.hpp"
#include "cli/commands/ConfigGenerateCommand.hpp"

int main(int argc, char** argv) {
    CLI::App app{"mmoctl: run, test and benchmark a multi-region MMO world"};
    app.set_version_flag("--version", std::string("mmoctl ") + MMO_VERSION);
    app.require_subcommand(1);
    int exitCode = mmo::cli::kOk;

    auto* config = app.add_subcommand("config", "Generate and inspect region configs");
    config->require_subcommand(1);
    mmo::cli::ConfigGenerateOptions generateOptions;
    mmo::cli::setupConfigGenerate(*config, generateOptions, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? mmo::cli::kOk : mmo::cli::kUsageError;
    }
    return exitCode;
}
