#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace mmo::fuzz {

// Cuts an input into chunks the way a TCP stream might deliver it. The sizes come from a generator seeded
// by the input's own bytes: the same input always splits the same way (reproducible crashes), a mutated
// one differently. A quarter of the chunks are 1..3 bytes, the rest up to maxChunk.
class Chunker {
  public:
    Chunker(std::span<const std::uint8_t> input, std::size_t maxChunk)
        : maxChunk_(std::max<std::size_t>(maxChunk, 1)) {
        std::uint64_t hash = 14695981039346656037ull;  // FNV-1a
        for (const std::uint8_t byte : input) hash = (hash ^ byte) * 1099511628211ull;
        state_ = hash;
    }

    // The size of the next chunk, 1..remaining (0 only when nothing remains).
    std::size_t next(std::size_t remaining) {
        if (remaining == 0) return 0;
        const std::uint64_t r = nextRandom();
        const std::size_t size = (r & 3) == 0 ? 1 + (r >> 2) % 3 : 1 + (r >> 2) % maxChunk_;
        return std::min(size, remaining);
    }

    // A number derived from the input (e.g. to pick limits).
    std::uint64_t nextRandom() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);  // splitmix64
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

  private:
    std::size_t maxChunk_;
    std::uint64_t state_;
};

}  // namespace mmo::fuzz
