#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mmo::world {

// Order-independent hash of a world's visible content: the sum modulo 2^64 of cellHash() over every cell
// holding a non-air block. Adding or removing one cell is O(1), and two worlds holding the same blocks
// with the same (hlc, origin) have the same digest whatever order their changes came in. Air cells
// (never set or tombstones) do not count, so tombstones never make equal visible worlds differ.
class WorldDigest {
  public:
    // Counts a visible cell in.
    void add(std::uint64_t cell_hash) { sum_ += cell_hash; }
    // Takes a visible cell out (it was overwritten or removed).
    void remove(std::uint64_t cell_hash) { sum_ -= cell_hash; }
    // The digest value.
    std::uint64_t value() const { return sum_; }
    // The digest as 16 lower-case hex digits.
    std::string hex() const { return toHex(sum_); }

    // splitmix64 finalizer (Steele, Lea, Flood 2014): a bijective 64-bit mix.
    static std::uint64_t mix(std::uint64_t z);
    // FNV-1a 64 of a region id.
    static std::uint64_t regionHash(std::string_view origin);
    // The hash of one cell: see docs/sync-wire-format.md, "World digest".
    static std::uint64_t cellHash(std::int32_t x, std::int32_t y, std::uint16_t type, std::uint64_t hlc,
                                  std::uint64_t region_hash);
    // 16 lower-case hex digits of a value.
    static std::string toHex(std::uint64_t value);

  private:
    std::uint64_t sum_ = 0;
};

}  // namespace mmo::world
