#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>

#include "cli/bench/players/LatencyHistogram.hpp"
#include "cli/bench/players/PositionLedger.hpp"

namespace mmo::cli::bench::players {

// The measured window: a latency counts when its send happened inside it (its answer may come later).
class MeasureWindow {
  public:
    using Clock = std::chrono::steady_clock;
    void open(Clock::time_point at) { start_.store(at.time_since_epoch().count()); }
    void close(Clock::time_point at) { end_.store(at.time_since_epoch().count()); }
    bool contains(Clock::time_point sent) const {
        const auto t = sent.time_since_epoch().count();
        const auto start = start_.load(std::memory_order_relaxed);
        return start != 0 && t >= start && t < end_.load(std::memory_order_relaxed);
    }

  private:
    std::atomic<Clock::rep> start_{0};
    std::atomic<Clock::rep> end_{std::numeric_limits<Clock::rep>::max()};
};

// When the driver first saw each recent tick of a region's POSITIONS (the node sends one tick's datagrams
// in a burst): the start of the burst as seen from here.
class TickOrigins {
  public:
    using Clock = std::chrono::steady_clock;
    // The first time `tick` was seen (now, when this is the first).
    Clock::time_point firstSeen(std::uint32_t tick, Clock::time_point now) {
        std::lock_guard lock(mutex_);
        auto& e = ring_[tick % ring_.size()];
        if (!e.used || e.tick != tick) e = {true, tick, now};
        return e.at;
    }

  private:
    struct Entry {
        bool used = false;
        std::uint32_t tick = 0;
        Clock::time_point at;
    };
    std::mutex mutex_;
    std::array<Entry, 64> ring_{};
};

// What the simulated players of one region count and measure (shared by its players' threads).
struct RegionLoad {
    explicit RegionLoad(std::size_t players) : positions(players) {}

    std::string region;
    std::atomic<int> connecting{0};  // started, neither held nor failed yet
    std::atomic<int> held{0};        // welcomed and subscribed (the area's snapshot arrived)
    std::atomic<int> refused{0};     // the connect failed or the node answered the HELLO with an ERROR
    std::atomic<std::uint64_t> disconnects{0};
    std::atomic<std::uint64_t> errors{0};  // ERROR frames after the WELCOME
    std::atomic<std::uint64_t> positionsSent{0};
    std::atomic<std::uint64_t> positionsDatagrams{0};
    std::atomic<std::uint64_t> placesSent{0};
    std::atomic<std::uint64_t> placesAcked{0};
    std::atomic<std::uint64_t> remoteUpdates{0};
    std::atomic<std::uint32_t> positionHz{0};  // from a WELCOME
    PositionLedger positions;
    TickOrigins ticks;
    LatencyHistogram fanOut;        // POSITION sent -> another player's POSITIONS carrying it
    LatencyHistogram tickDelay;     // first POSITIONS datagram of a tick -> each datagram of that tick
    LatencyHistogram placeAck;      // PLACE sent -> BLOCK_ACK
    LatencyHistogram remoteUpdate;  // PLACE sent here -> first BLOCK_UPDATE in each other region
};

}  // namespace mmo::cli::bench::players
