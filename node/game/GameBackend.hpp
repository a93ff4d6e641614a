#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/gameproto/Messages.hpp"

namespace mmo::game {

// What a block write came to: its hybrid-clock stamp once durable, or why it failed.
struct WriteOutcome {
    bool ok = false;
    std::uint64_t hlc = 0;
    std::string error;
};

// One block write of a batch (type 0 = break).
struct WriteRequest {
    std::int32_t x = 0;
    std::int32_t y = 0;
    std::uint16_t type = 0;
};

// What a batch of block writes came to: once all are durable, one hybrid-clock stamp per write, in order;
// or why none was stored.
struct BatchOutcome {
    bool ok = false;
    std::vector<std::uint64_t> hlcs;
    std::string error;
};

// The region services the game server uses, as functions: the node binds them to SyncService and
// AuthService (makeSyncBackend), tests to an in-memory world. Every function is thread-safe.
struct GameBackend {
    std::string region;
    // The names of the accounts a token may carry (auth.admin_username): no guest may take them.
    std::vector<std::string> accountNames;
    // Stores a block write durably (type 0 = break); `done` runs once, on any thread.
    std::function<void(std::int32_t x, std::int32_t y, std::uint16_t type,
                       std::function<void(WriteOutcome)> done)>
        write;
    // Optional: stores several block writes durably as one submission (one outbox append and fsync for
    // all); `done` runs once, on any thread. A session hands over every write of one read this way; without
    // it, it calls `write` once per write.
    std::function<void(std::vector<WriteRequest> writes, std::function<void(BatchOutcome)> done)> writeBatch;
    // Calls `visit` for every non-air block with x in [x0, x1) and y in [y0, y1), in any order.
    std::function<void(std::int64_t x0, std::int64_t y0, std::int64_t x1, std::int64_t y1,
                       const std::function<void(const Cell&)>& visit)>
        blocksIn;
    // Says a chat line in every region; false when the region cannot reach the bus.
    std::function<bool(const std::string& from, const std::string& text)> say;
    // The player name of a valid token (a JWT of /api/auth/login), nullopt when it is not valid.
    std::function<std::optional<std::string>(std::string_view token)> authorize;
};

}  // namespace mmo::game
