#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>

namespace mmo::cli::bench::players {

// Places sent by the players of every region, so that the first BLOCK_UPDATE of a place seen by a player
// of another region gives the place-to-remote-update latency of each (origin, other region). A place is
// known by its cell and block type; it is forgotten once every other region saw it, or after kKeep.
class PlaceLedger {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kKeep{30};

    explicit PlaceLedger(std::size_t regions);

    void recordPlace(std::size_t region, std::int32_t x, std::int32_t y, std::uint16_t type,
                     Clock::time_point at);
    struct Seen {
        std::size_t origin = 0;
        Clock::time_point sentAt;
    };
    // A player of `region` received this update: the place's origin and send time the first time
    // `region` sees it, nullopt otherwise (its own region's, seen before, or unknown).
    std::optional<Seen> seenBy(std::size_t region, std::int32_t x, std::int32_t y, std::uint16_t type);

  private:
    using Key = std::tuple<std::int32_t, std::int32_t, std::uint16_t>;
    struct Place {
        std::size_t origin = 0;
        Clock::time_point sentAt;
        std::uint64_t seenMask = 0;  // regions that saw it, the origin included
    };
    void forgetOld(Clock::time_point now);

    std::size_t regions_;
    std::uint64_t everyone_;
    std::mutex mutex_;
    std::map<Key, Place> places_;
    std::deque<std::pair<Clock::time_point, Key>> order_;
};

}  // namespace mmo::cli::bench::players
