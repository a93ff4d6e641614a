#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mmo::fuzz::seeds {

// Writes seed files into <root>/<target>/gen-<name>: only generated seeds carry the gen- prefix, so a
// re-run replaces them and leaves hand-written seeds and crash reproducers alone.
class SeedWriter {
  public:
    explicit SeedWriter(std::filesystem::path root) : root_(std::move(root)) {}

    void write(std::string_view target, std::string_view name, std::span<const std::uint8_t> bytes);
    void write(std::string_view target, std::string_view name, std::string_view text);

    // Files written so far.
    std::size_t count() const { return count_; }

  private:
    std::filesystem::path root_;
    std::size_t count_ = 0;
};

// Each seed family, one per file of seeds/.
void writeBatchSeeds(SeedWriter& out);
void writeFrameSeeds(SeedWriter& out);
void writeTokenSeeds(SeedWriter& out);
void writeHttpSeeds(SeedWriter& out);

}  // namespace mmo::fuzz::seeds
