#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "common/config/NodeConfig.hpp"

namespace mmo::game {

// The game server's limits. Defaults here are the safe values; the node maps its `game:` config section
// onto them (docs/protocol.md, "Limits"). Validated once by validate().
struct GameLimits {
    std::uint32_t maxFrameBytes = 64 * 1024;  // type byte + payload
    double actionsPerSecond = 20;             // place, break, subscribe, chat per player ...
    double actionBurst = 40;                  // ... with this burst
    double framesPerSecond = 200;             // any frame; beyond the burst the connection is a flood
    double frameBurst = 400;
    std::size_t maxConnections = 10000;            // per node
    std::size_t maxConnectionsPerAddress = 64;     // per remote IP address
    std::chrono::milliseconds idleTimeout{60000};  // nothing received for this long: closed
    std::chrono::milliseconds closeGrace{5000};    // how long a closing connection may take to flush
    std::uint32_t maxAreaSide = 256;               // SUBSCRIBE width and height
    double positionHz = 10;                        // UDP positions sent per player per second
    double nearbyRadius = 64;           // cells, Euclidean distance (edge included); who counts as nearby
    double udpChallengesPerSecond = 2;  // CHALLENGE datagrams per player to unverified UDP endpoints
    bool allowGuests = true;
    std::size_t maxChatBytes = 256;
    std::size_t chunkCells = 512;                // cells per BLOCK_CHUNK frame
    double snapshotBytesPerSecond = 128 * 1024;  // SUBSCRIBE snapshot bytes per session per second ...
    double snapshotBurstBytes = 256 * 1024;      // ... with this burst (also the most one SUBSCRIBE gets)
    std::size_t updateQueueBytes = 1 << 20;      // queued bytes beyond which updates are dropped (resync)
    std::size_t maxQueueBytes = 4 << 20;         // queued bytes beyond which the connection is closed
};

// The limits the `game:` config section asks for (the rest are protocol constants and keep their
// defaults: docs/protocol.md, "Limits").
GameLimits gameLimitsFrom(const config::GameConfig& game);

// Throws std::invalid_argument naming the first limit that makes no sense (zero rates, burst < 1, ...).
void validate(const GameLimits& limits);

}  // namespace mmo::game
