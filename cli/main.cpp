// mmoctl: the orchestrator. main() only wires the subcommands; each lives in cli/commands/.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/CommandLine.hpp"
#include "cli/ExitCode.hpp"
#include "cli/commands/BenchCommand.hpp"
#include "cli/commands/BotsCommand.hpp"
#include "cli/commands/ChaosCommand.hpp"
#include "cli/commands/CompleteRegionsCommand.hpp"
#include "cli/commands/CompletionCommand.hpp"
#include "cli/commands/ConfigGenerateCommand.hpp"
#include "cli/commands/ConsoleCommand.hpp"
#include "cli/commands/DownCommand.hpp"
#include "cli/commands/LogsCommand.hpp"
#include "cli/commands/RepairCommand.hpp"
#include "cli/commands/SendEventCommand.hpp"
#include "cli/commands/StatusCommand.hpp"
#include "cli/commands/UpCommand.hpp"
#include "cli/commands/VerifySyncCommand.hpp"

int main(int argc, char** argv) {
    CLI::App app{"mmoctl: run, test and benchmark a multi-region MMO world"};
    app.set_version_flag("--version", std::string("mmoctl ") + MMO_VERSION);
    app.require_subcommand(1);
    int exitCode = mmo::cli::kOk;

    auto* config = app.add_subcommand("config", "Generate and inspect region configs");
    config->require_subcommand(1);
    mmo::cli::ConfigGenerateOptions generateOptions;
    mmo::cli::setupConfigGenerate(*config, generateOptions, exitCode);

    mmo::cli::UpOptions upOptions;
    mmo::cli::setupUp(app, upOptions, exitCode);
    mmo::cli::StatusOptions statusOptions;
    mmo::cli::setupStatus(app, statusOptions, exitCode);
    mmo::cli::LogsOptions logsOptions;
    mmo::cli::setupLogs(app, logsOptions, exitCode);
    mmo::cli::DownOptions downOptions;
    mmo::cli::setupDown(app, downOptions, exitCode);
    mmo::cli::SendEventOptions sendEventOptions;
    mmo::cli::setupSendEvent(app, sendEventOptions, exitCode);
    mmo::cli::VerifySyncOptions verifySyncOptions;
    mmo::cli::setupVerifySync(app, verifySyncOptions, exitCode);
    mmo::cli::RepairOptions repairOptions;
    mmo::cli::setupRepair(app, repairOptions, exitCode);
    mmo::cli::CompletionOptions completionOptions;
    mmo::cli::setupCompletion(app, completionOptions, exitCode);
    mmo::cli::CompleteRegionsOptions completeRegionsOptions;
    mmo::cli::setupCompleteRegions(app, completeRegionsOptions, exitCode);

    mmo::cli::BotsOptions botsOptions;
    mmo::cli::setupBots(app, botsOptions, exitCode);
    mmo::cli::bench::BenchSyncOptions benchOptions;
    mmo::cli::setupBench(app, benchOptions, exitCode);
    mmo::cli::ChaosOptions chaosOptions;
    mmo::cli::setupChaos(app, chaosOptions, exitCode);
    mmo::cli::ConsoleOptions consoleOptions;
    mmo::cli::setupConsole(app, consoleOptions, exitCode);

    return mmo::cli::runCommandLine(app, argc, argv, exitCode, std::cout, std::cerr);
}
