#include "node/metrics/GameMetrics.hpp"

namespace mmo::metrics {

GameMetrics::GameMetrics(MetricsRegistry& registry)
    : playersOnline(registry.gauge("game_players_online", "Players connected to this region.").get()),
      tcpConnections(registry.gauge("game_tcp_connections", "Open game TCP connections.").get()),
      frames(registry.counter("game_frames_total", "Game protocol frames handled, by frame type.", {"type"})),
      protocolErrors(
          registry.counter("game_protocol_errors_total", "Game protocol errors sent to clients.").get()) {}

}  // namespace mmo::metrics
