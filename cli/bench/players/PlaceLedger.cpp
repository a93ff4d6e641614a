#include "cli/bench/players/PlaceLedger.hpp"

namespace mmo::cli::bench::players {

PlaceLedger::PlaceLedger(std::size_t regions)
    : regions_(regions), everyone_(regions >= 64 ? ~0ull : (1ull << regions) - 1) {}

void PlaceLedger::recordPlace(std::size_t region, std::int32_t x, std::int32_t y, std::uint16_t type,
                              Clock::time_point at) {
    if (regions_ < 2 || region >= 64) return;
    std::lock_guard lock(mutex_);
    forgetOld(at);
    const Key key{x, y, type};
    places_[key] = Place{region, at, 1ull << region};
    order_.emplace_back(at, key);
}

std::optional<PlaceLedger::Seen> PlaceLedger::seenBy(std::size_t region, std::int32_t x, std::int32_t y,
                                                     std::uint16_t type) {
    if (region >= 64) return std::nullopt;
    std::lock_guard lock(mutex_);
    const auto it = places_.find(Key{x, y, type});
    if (it == places_.end() || (it->second.seenMask & (1ull << region)) != 0) return std::nullopt;
    it->second.seenMask |= 1ull << region;
    const Seen seen{it->second.origin, it->second.sentAt};
    if (it->second.seenMask == everyone_) places_.erase(it);
    return seen;
}

void PlaceLedger::forgetOld(Clock::time_point now) {
    while (!order_.empty() && now - order_.front().first > kKeep) {
        const auto it = places_.find(order_.front().second);
        // A newer place of the same cell and type replaced it: that one stays.
        if (it != places_.end() && it->second.sentAt == order_.front().first) places_.erase(it);
        order_.pop_front();
    }
}

}  // namespace mmo::cli::bench::players
