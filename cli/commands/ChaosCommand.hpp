#pragma once

#include <string>

#include "cli/commands/ChaosLinkCommands.hpp"
#include "cli/commands/ChaosServeCommand.hpp"
#include "cli/commands/ChaosStatusCommand.hpp"
#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

// The options of every `mmoctl chaos` subcommand.
struct ChaosOptions {
    ChaosServeOptions serve;
    ChaosStatusOptions status;
    ChaosSetOptions set;
    ChaosPartitionOptions partition;
    ChaosHealOptions heal;
};

// `mmoctl chaos`: the link proxy between each region's node and NATS (docs/chaos.md): serve runs it,
// status/set/partition/heal control the running one.
void setupChaos(CLI::App& app, ChaosOptions& options, int& exitCode);

}  // namespace mmo::cli
