#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/ConfigError.hpp"
#include "common/config/Environment.hpp"
#include "common/config/NodeConfig.hpp"

// Loads a NodeConfig with precedence built-in defaults < YAML file < environment < command-line flags,
// remembering where every value came from. Throws ConfigError listing every problem found.
namespace mmo::config {

enum class SourceKind { Default, File, Env, Flag };

struct ValueSource {
    SourceKind kind = SourceKind::Default;
    std::string
        detail;  // "configs/x.yml:3" for a file, "GAME_TCP_PORT" for env, "--set" or "--sync.batch_size"
};

// One value given on the command line: key "section.key", its raw text, and the flag that gave it.
struct FlagOverride {
    std::string key;
    std::string value;
    std::string flag;
};

struct LoadRequest {
    // The file from --config; when empty, GAME_CONFIG from the environment; when both are empty, no file.
    std::optional<std::filesystem::path> configFile;
    Environment environment;
    std::vector<FlagOverride> flags;
};

struct LoadedConfig {
    NodeConfig config;
    std::optional<std::filesystem::path> file;   // the file that was read, if any
    std::map<std::string, ValueSource> sources;  // "section.key" -> where its effective value came from
    std::vector<std::string> warnings;           // e.g. an unknown GAME_* variable, with a did-you-mean
};

// Loads and validates; throws ConfigError with every problem (file, line, key, expected, hint).
LoadedConfig loadConfig(const LoadRequest& request);

// The same with the file's text given in memory and named `fileName` in every location; nothing is read
// from disk for it and GAME_CONFIG is not consulted (tests, the config fuzzer).
LoadedConfig loadConfigText(const std::filesystem::path& fileName, std::string_view text,
                            const Environment& environment = {}, const std::vector<FlagOverride>& flags = {});

// Every key as "section.key", in schema order (for flags, completion and docs).
std::vector<std::string> allConfigKeys();

// The environment variable names that set a key: GAME_<SECTION>_<KEY> first, then any guide alias
// (server.tcp_port -> GAME_SERVER_TCP_PORT, GAME_TCP_PORT).
std::vector<std::string> envNamesFor(const std::string& key);

// A key's help for flags and docs: what it does, what is valid, its env names ("" for an unknown key).
std::string configKeyHelp(const std::string& key);

// A source as the printed config shows it: "default", "file configs/x.yml:7", "env GAME_TCP_PORT",
// "flag --set".
std::string formatSource(const ValueSource& source);

// The effective configuration as YAML, each value followed by a comment naming its source.
std::string renderEffectiveConfig(const LoadedConfig& loaded);

}  // namespace mmo::config
