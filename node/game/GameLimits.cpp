#include "node/game/GameLimits.hpp"

#include <stdexcept>
#include <string>

namespace mmo::game {

namespace {

void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("invalid game limit: ") + what);
}

}  // namespace

GameLimits gameLimitsFrom(const config::GameConfig& game) {
    GameLimits limits;
    limits.maxFrameBytes = static_cast<std::uint32_t>(game.max_frame_bytes);
    limits.actionsPerSecond = game.actions_per_second;
    limits.actionBurst = game.action_burst;
    limits.framesPerSecond = game.frames_per_second;
    limits.frameBurst = game.frame_burst;
    limits.maxConnections = static_cast<std::size_t>(game.max_connections);
    limits.maxConnectionsPerAddress = static_cast<std::size_t>(game.max_connections_per_address);
    limits.idleTimeout = std::chrono::seconds(game.idle_timeout_seconds);
    limits.maxAreaSide = static_cast<std::uint32_t>(game.max_area_side);
    limits.positionHz = game.position_hz;
    limits.nearbyRadius = game.nearby_radius;
    limits.maxChatBytes = static_cast<std::size_t>(game.max_chat_bytes);
    limits.udpChallengesPerSecond = game.udp_challenges_per_second;
    limits.allowGuests = game.allow_guests;
    limits.snapshotBytesPerSecond = game.snapshot_bytes_per_second;
    limits.snapshotBurstBytes = game.snapshot_burst_bytes;
    return limits;
}

void validate(const GameLimits& l) {
    require(l.maxFrameBytes >= 256 && l.maxFrameBytes <= (16u << 20), "max frame bytes must be 256..16 MiB");
    require(l.actionsPerSecond > 0 && l.actionBurst >= 1, "actions per second > 0 and burst >= 1");
    require(l.framesPerSecond > 0 && l.frameBurst >= 1, "frames per second > 0 and burst >= 1");
    require(l.maxConnections > 0 && l.maxConnectionsPerAddress > 0, "connection limits must be > 0");
    require(l.idleTimeout.count() > 0, "idle timeout must be > 0");
    require(l.maxAreaSide > 0 && l.maxAreaSide <= 4096, "max area side must be 1..4096");
    require(l.positionHz > 0 && l.positionHz <= 100, "position rate must be in (0, 100] Hz");
    require(l.nearbyRadius > 0, "nearby radius must be > 0");
    require(l.maxChatBytes > 0, "chat text limit must be > 0");
    require(l.udpChallengesPerSecond > 0 && l.udpChallengesPerSecond <= 100,
            "UDP challenges per second must be in (0, 100]");
    require(l.chunkCells > 0 && l.chunkCells * 80 < l.maxFrameBytes + 80 * 1024, "chunk cells");
    require(l.snapshotBytesPerSecond >= 1024 && l.snapshotBurstBytes >= 1024,
            "snapshot bytes per second and snapshot burst must be >= 1024");
    require(l.updateQueueBytes > 0 && l.maxQueueBytes > l.updateQueueBytes,
            "the hard queue limit must be above the update queue limit");
}

}  // namespace mmo::game
