#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace mmo::cli::bench::players {

// The last positions each simulated player of a region sent, with when: a POSITIONS entry (player id,
// x, y) seen by another player is matched to its send by the exact coordinates. Senders write their own
// slot; any thread may look up once freeze() published the player ids (lock-free from then on).
class PositionLedger {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kRing = 16;  // 1.6 s of sends at 10 Hz

    struct Match {
        std::uint32_t seq = 0;  // increases per send of that player
        Clock::time_point sentAt;
    };

    explicit PositionLedger(std::size_t slots);

    // Player `slot` got `playerId` in its WELCOME (ignored after freeze()).
    void bind(std::uint64_t playerId, std::size_t slot);
    // No more bind(); find() answers from now on.
    void freeze();
    // Player `slot` sends (x, y) now.
    void recordSend(std::size_t slot, float x, float y, Clock::time_point at);
    // The send of `playerId` with exactly these coordinates among its last kRing; nullopt before
    // freeze(), for an unknown player or when it is older.
    std::optional<Match> find(std::uint64_t playerId, float x, float y) const;

  private:
    struct Entry {
        std::atomic<std::uint64_t> xy{0};
        std::atomic<std::int64_t> at{0};
        std::atomic<std::uint32_t> seq{0};
    };
    struct Slot {
        Entry ring[kRing];
        std::uint32_t next = 0;  // written by the slot's own player only
    };

    std::unique_ptr<Slot[]> slots_;
    std::size_t size_;
    std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::size_t> ids_;
    std::atomic<bool> frozen_{false};
};

// The 64 bits of a position as sent (so equal floats match, whatever their value).
std::uint64_t packPosition(float x, float y);

}  // namespace mmo::cli::bench::players
