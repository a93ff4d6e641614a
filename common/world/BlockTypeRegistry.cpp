#include "common/world/BlockTypeRegistry.hpp"

namespace mmo::world {

BlockTypeRegistry::BlockTypeRegistry() {
    // Append only: an id, once published, keeps its meaning forever.
    const char* names[] = {"air",   "stone", "dirt",        "grass",  "sand",   "water", "wood", "leaves",
                           "glass", "brick", "cobblestone", "planks", "gravel", "snow",  "ice",  "lava"};
    std::uint16_t id = 0;
    for (const char* name : names) types_.push_back(BlockType{id++, name});
}

std::optional<std::uint16_t> BlockTypeRegistry::idOf(std::string_view name) const {
    for (const BlockType& type : types_)
        if (type.name == name) return type.id;
    return std::nullopt;
}

std::optional<std::string_view> BlockTypeRegistry::nameOf(std::uint16_t id) const {
    if (id >= types_.size()) return std::nullopt;
    return types_[id].name;
}

std::string BlockTypeRegistry::displayName(std::uint16_t id) const {
    if (auto name = nameOf(id)) return std::string(*name);
    return "unknown:" + std::to_string(id);
}

std::string BlockTypeRegistry::namesList() const {
    std::string list;
    for (const BlockType& type : types_) {
        if (!list.empty()) list += ", ";
        list += type.name;
    }
    return list;
}

}  // namespace mmo::world
