#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mmo::world {

// The World's index from a chunk key (cx, cy packed in 64 bits) to its chunk: open addressing with linear
// probing over a power-of-two array of (key, pointer) slots, at most half full, with a multiplicative
// (Fibonacci) hash so neighbouring chunks spread over the table. A lookup is a multiply, a shift and
// usually one slot compare in a table that stays in cache (16 bytes a chunk, a chunk holds 1024 cells),
// against a modulo and a pointer chase per lookup in std::unordered_map. It never removes entries (chunks are
// never freed) and does not own the chunks. Not thread-safe: the World's lock guards it.
template <class Chunk>
class ChunkTable {
  public:
    ChunkTable() { slots_.resize(kInitialSlots); }

    // The chunk stored under `key`, or nullptr.
    Chunk* find(std::uint64_t key) const {
        for (std::size_t i = slotOf(key);; i = (i + 1) & mask()) {
            const Slot& slot = slots_[i];
            if (slot.chunk == nullptr) return nullptr;
            if (slot.key == key) return slot.chunk;
        }
    }

    // Stores `chunk` under `key`, which must not be stored yet.
    void insert(std::uint64_t key, Chunk* chunk) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        place(key, chunk);
        ++size_;
    }

    std::size_t size() const { return size_; }

  private:
    struct Slot {
        std::uint64_t key = 0;
        Chunk* chunk = nullptr;  // nullptr: the slot is free
    };
    static constexpr std::size_t kInitialSlots = 64;

    std::size_t mask() const { return slots_.size() - 1; }
    std::size_t slotOf(std::uint64_t key) const {
        return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);
    }
    void place(std::uint64_t key, Chunk* chunk) {
        std::size_t i = slotOf(key);
        while (slots_[i].chunk != nullptr) i = (i + 1) & mask();
        slots_[i] = Slot{key, chunk};
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        shift_ = 64 - std::countr_zero(slots_.size());
        for (const Slot& slot : old)
            if (slot.chunk != nullptr) place(slot.key, slot.chunk);
    }

    std::vector<Slot> slots_;
    int shift_ = 64 - std::countr_zero(kInitialSlots);
    std::size_t size_ = 0;
};

}  // namespace mmo::world
