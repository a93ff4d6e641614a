// Fuzzes the node's config loader (docs/configuration.md): YAML text -> the validated NodeConfig, or the
// ConfigError listing every problem. The text is handed over in memory (loadConfigText), so nothing is
// written and no config file is read; the loader itself only looks at files the config names
// (eventbus.*_file, read-only). Invariants:
//  - only ConfigError escapes: any other exception (from yaml-cpp, a conversion) is a crash;
//  - every problem has a message and a location: the file, or file:line:column inside the text;
//  - a config that loads renders (--print-config), and writing every key's rendered value back as YAML
//    loads again to the same values (the rendering quotes and formats values so that they read back).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/config/ConfigLoader.hpp"
#include "common/config/ConfigSchema.hpp"
#include "fuzz/support/FuzzCheck.hpp"

namespace mmo::fuzz {
namespace {

constexpr std::string_view kName = "fuzz.yml";

// "fuzz.yml", or "fuzz.yml:L:C" with L and C within the text.
bool validLocation(const std::string& where, std::string_view text) {
    if (where.empty() || where == kName) return true;
    if (where.rfind(std::string(kName) + ":", 0) != 0) return false;
    const std::string rest = where.substr(kName.size() + 1);
    const auto colon = rest.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return false;
    if (rest.find_first_not_of("0123456789:") != std::string::npos) return false;
    const unsigned long line = std::stoul(rest.substr(0, colon));
    const unsigned long column = std::stoul(rest.substr(colon + 1));
    std::size_t breaks = 0;
    for (const char c : text) breaks += (c == '\n' || c == '\r') ? 1 : 0;
    return line >= 1 && column >= 1 && line <= breaks + 2;
}

void checkProblems(const config::ConfigError& error, std::string_view text) {
    MMO_FUZZ_CHECK(!error.problems().empty(), "a ConfigError names at least one problem");
    for (const auto& problem : error.problems()) {
        MMO_FUZZ_CHECK(!problem.message.empty(), "every problem has a message");
        MMO_FUZZ_CHECK(validLocation(problem.where, text), "every problem is located in the file");
    }
}

std::string renderAsYaml(const config::NodeConfig& config) {
    std::string yaml;
    std::string section;
    for (const auto& key : config::configSchema()) {
        if (key.section != section) {
            section = key.section;
            yaml += section + ":\n";
        }
        yaml += "  " + key.name + ": " + key.render(config) + "\n";
    }
    return yaml;
}

void checkRoundTrip(const config::LoadedConfig& loaded) {
    MMO_FUZZ_CHECK(!config::renderEffectiveConfig(loaded).empty(), "a loaded config renders");
    const std::string yaml = renderAsYaml(loaded.config);
    config::LoadedConfig again;
    try {
        again = config::loadConfigText("rendered.yml", yaml);
    } catch (const config::ConfigError& error) {
        MMO_FUZZ_CHECK(false, "a rendered config loads again: " + std::string(error.what()));
    }
    for (const auto& key : config::configSchema())
        MMO_FUZZ_CHECK(key.render(again.config) == key.render(loaded.config),
                       "a rendered value reads back the same: " + key.fullKey());
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mmo::fuzz;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto loaded = mmo::config::loadConfigText(std::string(kName), text);
        if (tracing()) trace("loaded: region " + loaded.config.sync.region_id);
        checkRoundTrip(loaded);
    } catch (const mmo::config::ConfigError& error) {
        trace(error.what());
        checkProblems(error, text);
    }
    return 0;
}
