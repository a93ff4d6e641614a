#include "cli/bench/players/PositionLedger.hpp"

#include <bit>

namespace mmo::cli::bench::players {

std::uint64_t packPosition(float x, float y) {
    return (static_cast<std::uint64_t>(std::bit_cast<std::uint32_t>(x)) << 32) |
           std::bit_cast<std::uint32_t>(y);
}

PositionLedger::PositionLedger(std::size_t slots) : slots_(new Slot[slots]), size_(slots) {}

void PositionLedger::bind(std::uint64_t playerId, std::size_t slot) {
    if (slot >= size_ || frozen_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(mutex_);
    ids_[playerId] = slot;
}

void PositionLedger::freeze() {
    std::lock_guard lock(mutex_);
    frozen_.store(true, std::memory_order_release);
}

void PositionLedger::recordSend(std::size_t slot, float x, float y, Clock::time_point at) {
    auto& s = slots_[slot];
    const auto seq = ++s.next;
    auto& e = s.ring[seq % kRing];
    e.xy.store(0, std::memory_order_relaxed);
    e.at.store(at.time_since_epoch().count(), std::memory_order_relaxed);
    e.seq.store(seq, std::memory_order_relaxed);
    e.xy.store(packPosition(x, y), std::memory_order_release);
}

std::optional<PositionLedger::Match> PositionLedger::find(std::uint64_t playerId, float x, float y) const {
    if (!frozen_.load(std::memory_order_acquire)) return std::nullopt;
    const auto it = ids_.find(playerId);
    if (it == ids_.end()) return std::nullopt;
    const auto wanted = packPosition(x, y);
    const auto& s = slots_[it->second];
    for (const auto& e : s.ring) {
        if (e.xy.load(std::memory_order_acquire) != wanted) continue;
        Match m{e.seq.load(std::memory_order_relaxed),
                Clock::time_point(Clock::duration(e.at.load(std::memory_order_relaxed)))};
        // Overwritten while read: the entry is a newer send; this one is gone.
        if (e.xy.load(std::memory_order_acquire) != wanted) return std::nullopt;
        return m;
    }
    return std::nullopt;
}

}  // namespace mmo::cli::bench::players
