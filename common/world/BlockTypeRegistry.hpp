#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mmo::world {

// One named block type.
struct BlockType {
    std::uint16_t id;
    std::string name;
};

// Block type names and their ids. The ids travel on the wire and sit in snapshots, so they never change
// and are never reused; new types get new ids (docs/sync-wire-format.md, "Block type ids"). A world
// stores any uint16 id, so a node that does not know a newer id still stores and forwards it.
class BlockTypeRegistry {
  public:
    static constexpr std::uint16_t kAir = 0;

    // The built-in table: air=0, stone=1, dirt=2, grass=3, sand=4, water=5, wood=6, leaves=7, glass=8,
    // brick=9, cobblestone=10, planks=11, gravel=12, snow=13, ice=14, lava=15.
    BlockTypeRegistry();

    // The id of a name (lower case, exact), if known.
    std::optional<std::uint16_t> idOf(std::string_view name) const;
    // The name of an id, if known.
    std::optional<std::string_view> nameOf(std::uint16_t id) const;
    // The name of an id, or "unknown:<id>" for an id this build does not know.
    std::string displayName(std::uint16_t id) const;
    // Every type in id order.
    const std::vector<BlockType>& all() const { return types_; }
    // "air, stone, dirt, ..." for error messages that list the valid names.
    std::string namesList() const;

  private:
    std::vector<BlockType> types_;  // index == id
};

}  // namespace mmo::world
