#pragma once

#include <cstdint>
#include <functional>
#include <mutex>

namespace mmo::codec {

// Hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014). A timestamp packs the
// physical part (milliseconds since the Unix epoch, 48 bits) above a 16-bit logical counter, so plain
// uint64 comparison orders timestamps. Timestamps it issues never go backwards, even when the injected
// wall clock does, and they are greater than every timestamp observed. Thread-safe.
class HybridLogicalClock {
  public:
    // Returns milliseconds since the Unix epoch; injected so tests drive time.
    using PhysicalClock = std::function<std::uint64_t()>;

    static constexpr int kLogicalBits = 16;
    static constexpr std::uint64_t kMaxLogical = (std::uint64_t{1} << kLogicalBits) - 1;
    static constexpr std::uint64_t kMaxPhysical = (std::uint64_t{1} << 48) - 1;

    // A clock reading `physical`; its first timestamp is above `initial` (e.g. the last one persisted).
    explicit HybridLogicalClock(PhysicalClock physical, std::uint64_t initial = 0);

    // Timestamp for a local event (send or local change).
    std::uint64_t now();
    // Timestamp for receiving a remote event stamped `remote`; also moves this clock past it.
    std::uint64_t observe(std::uint64_t remote);
    // The last timestamp issued or observed, without advancing.
    std::uint64_t last() const;

    // The system wall clock in milliseconds since the epoch.
    static PhysicalClock systemClock();
    // Packs (physical ms, logical counter); physical is clamped to 48 bits, logical to 16 bits.
    static constexpr std::uint64_t pack(std::uint64_t physical_ms, std::uint64_t logical) {
        return ((physical_ms > kMaxPhysical ? kMaxPhysical : physical_ms) << kLogicalBits) |
               (logical > kMaxLogical ? kMaxLogical : logical);
    }
    // The physical milliseconds of a timestamp.
    static constexpr std::uint64_t physicalOf(std::uint64_t hlc) { return hlc >> kLogicalBits; }
    // The logical counter of a timestamp.
    static constexpr std::uint64_t logicalOf(std::uint64_t hlc) { return hlc & kMaxLogical; }

  private:
    // Stores (l, c), carrying a counter overflow into the physical part (one ms ahead of the wall clock).
    std::uint64_t store(std::uint64_t l, std::uint64_t c);

    PhysicalClock physical_;
    mutable std::mutex mutex_;
    std::uint64_t l_ = 0;  // largest physical time seen
    std::uint64_t c_ = 0;  // logical counter within l_
};

}  // namespace mmo::codec
