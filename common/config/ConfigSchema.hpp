#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/NodeConfig.hpp"

// The table of every configuration key. YAML loading, environment, flags, printing, suggestions and the
// key lists all iterate this table; nothing else names a key.
namespace mmo::config {

enum class ValueKind { String, Integer, Port, Number, Boolean, Choice, UrlList, Path };

struct KeyDescriptor {
    std::string section;  // "sync"
    std::string name;     // "batch_size"
    ValueKind kind = ValueKind::String;
    std::string expected;     // what a valid value is, for messages and docs: "an integer from 1 to 100000"
    std::string description;  // what the key does, for docs and flag help
    std::vector<std::string>
        envAliases;       // the guide's extra names (GAME_TCP_PORT), after GAME_<SECTION>_<KEY>
    bool secret = false;  // printed as <redacted>

    // Validates raw text and stores it in the config; returns the problem message when it is not valid.
    std::function<std::optional<std::string>(std::string_view raw, NodeConfig& config)> apply;
    // The key's current value in the config as a YAML scalar.
    std::function<std::string(const NodeConfig& config)> render;

    // "sync.batch_size".
    std::string fullKey() const { return section + "." + name; }
    // GAME_<SECTION>_<KEY> first, then the aliases.
    std::vector<std::string> envNames() const;
};

// Every key, in documentation order (sections in the order eventbus, sync, server, auth, storage, log).
const std::vector<KeyDescriptor>& configSchema();

// The section names in schema order.
const std::vector<std::string>& configSections();

// The key with that section and name, or nullptr.
const KeyDescriptor* findConfigKey(std::string_view section, std::string_view name);

// The key named "section.key", or nullptr.
const KeyDescriptor* findConfigKey(std::string_view fullKey);

}  // namespace mmo::config
