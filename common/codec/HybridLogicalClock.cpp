#include "common/codec/HybridLogicalClock.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace mmo::codec {

HybridLogicalClock::HybridLogicalClock(PhysicalClock physical, std::uint64_t initial)
    : physical_(std::move(physical)), l_(physicalOf(initial)), c_(logicalOf(initial)) {
    if (!physical_) throw std::invalid_argument("HybridLogicalClock needs a physical clock");
}

std::uint64_t HybridLogicalClock::now() {
    const std::uint64_t pt = std::min(physical_(), kMaxPhysical);
    std::lock_guard lock(mutex_);
    if (pt > l_) return store(pt, 0);
    return store(l_, c_ + 1);
}

std::uint64_t HybridLogicalClock::observe(std::uint64_t remote) {
    const std::uint64_t pt = std::min(physical_(), kMaxPhysical);
    const std::uint64_t ml = physicalOf(remote);
    const std::uint64_t mc = logicalOf(remote);
    std::lock_guard lock(mutex_);
    const std::uint64_t l = std::max({l_, ml, pt});
    if (l == l_ && l == ml) return store(l, std::max(c_, mc) + 1);
    if (l == l_) return store(l, c_ + 1);
    if (l == ml) return store(l, mc + 1);
    return store(l, 0);
}

std::uint64_t HybridLogicalClock::last() const {
    std::lock_guard lock(mutex_);
    return pack(l_, c_);
}

std::uint64_t HybridLogicalClock::store(std::uint64_t l, std::uint64_t c) {
    // 65536 events in one millisecond: borrow the next millisecond rather than wrap, so order holds.
    if (c > kMaxLogical && l < kMaxPhysical) {
        ++l;
        c = 0;
    }
    l_ = l;
    c_ = std::min(c, kMaxLogical);
    return pack(l_, c_);
}

HybridLogicalClock::PhysicalClock HybridLogicalClock::systemClock() {
    return [] {
        const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
        return ms < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(ms);
    };
}

}  // namespace mmo::codec
