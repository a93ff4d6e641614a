#pragma once

#include "common/metrics/MetricsRegistry.hpp"

namespace mmo::metrics {

// The game server's metric families, registered at start so they exist (at 0) before the game protocol
// counts anything: game_players_online, game_tcp_connections, game_frames_total{type},
// game_protocol_errors_total.
struct GameMetrics {
    explicit GameMetrics(MetricsRegistry& registry);

    Gauge& playersOnline;
    Gauge& tcpConnections;
    Family<Counter>& frames;  // by frame type; no samples until the first frame
    Counter& protocolErrors;
};

}  // namespace mmo::metrics
