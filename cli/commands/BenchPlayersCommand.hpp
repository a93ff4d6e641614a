#pragma once

namespace CLI {
class App;
}

namespace mmo::cli {

// `mmoctl bench players`: simulated players per region moving at the node's position rate and placing
// blocks; position fan-out, place-to-ack, place-to-remote-update and /metrics latency, node CPU and
// memory per player (docs/mmoctl.md). Adds the subcommand to `bench`; the options live as long as `bench`.
void setupBenchPlayers(CLI::App& bench, int& exitCode);

}  // namespace mmo::cli
