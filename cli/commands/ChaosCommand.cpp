#include "cli/commands/ChaosCommand.hpp"

#include <CLI/CLI.hpp>

#include "cli/commands/ChaosTarget.hpp"

namespace mmo::cli {

void addChaosTargetOptions(CLI::App& command, ChaosTarget& target) {
    command.add_option("--state-dir", target.stateDir, "The state dir of the set whose proxy to control")
        ->capture_default_str();
    command.add_option(
        "--control", target.control,
        "A standalone proxy's control URL instead (http://127.0.0.1:PORT, as chaos serve prints)");
    command.add_option("--token-file", target.tokenFile,
                       "The proxy's control token (default: <state-dir>/chaos.token; with --control: the "
                       "file chaos serve announced)");
}

void setupChaos(CLI::App& app, ChaosOptions& options, int& exitCode) {
    auto* chaos = app.add_subcommand(
        "chaos", "WAN latency, jitter, rate limits and partitions between each region's node and NATS");
    chaos->require_subcommand(1);
    chaos->footer(
        "A set started with mmoctl up --wan ... runs its nodes' NATS connections through a link proxy\n"
        "(process \"chaos\"); these commands shape and cut those links while it runs. See docs/chaos.md.\n"
        "Examples:\n"
        "  mmoctl up --regions eu,us,ap --wan eu=40ms,us=40ms,ap=120ms --detach\n"
        "  mmoctl chaos status\n"
        "  mmoctl chaos set --region ap --latency 200ms --rate 256kbit\n"
        "  mmoctl chaos partition --region ap --for 30s\n"
        "  mmoctl chaos heal\n"
        "Exit codes: 0 ok, 2 usage (bad value, unknown region), 3 no set, no proxy or proxy unreachable.");
    setupChaosServe(*chaos, options.serve, exitCode);
    setupChaosStatus(*chaos, options.status, exitCode);
    setupChaosSet(*chaos, options.set, exitCode);
    setupChaosPartition(*chaos, options.partition, exitCode);
    setupChaosHeal(*chaos, options.heal, exitCode);
}

}  // namespace mmo::cli
