#include "common/config/ConfigLoader.hpp"

#include "common/config/ConfigSchema.hpp"
#include "common/config/FileLayer.hpp"
#include "common/config/LoadState.hpp"
#include "common/config/OverrideLayers.hpp"
#include "common/config/SecretFiles.hpp"

namespace mmo::config {

namespace {
constexpr std::string_view kRegionPlaceholder = "<region_id>";

// Done after every layer so a region id from any layer reaches a data_dir from any other.
void resolveDataDir(NodeConfig& config) {
    std::string& dir = config.storage.data_dir;
    for (auto pos = dir.find(kRegionPlaceholder); pos != std::string::npos;
         pos = dir.find(kRegionPlaceholder, pos + config.sync.region_id.size()))
        dir.replace(pos, kRegionPlaceholder.size(), config.sync.region_id);
}

// The layers above the file, the checks across keys, and the result (or every problem, thrown).
LoadedConfig finishLoad(detail::LoadState& state, std::optional<std::filesystem::path> file,
                        const Environment& environment, const std::vector<FlagOverride>& flags) {
    detail::applyEnvironment(environment, state);
    detail::applyFlags(flags, state);
    detail::resolveSecretFiles(state);
    detail::checkAcrossKeys(state);
    if (state.hasProblems()) throw ConfigError(state.takeProblems());

    LoadedConfig loaded;
    loaded.config = state.config();
    resolveDataDir(loaded.config);
    loaded.file = std::move(file);
    loaded.sources = state.takeSources();
    loaded.warnings = state.takeWarnings();
    return loaded;
}
}  // namespace

LoadedConfig loadConfig(const LoadRequest& request) {
    detail::LoadState state;
    std::optional<std::filesystem::path> file;
    if (request.configFile && !request.configFile->empty()) {
        file = *request.configFile;
        detail::applyConfigFile(*file, "--config", state);
    } else if (auto fromEnv = request.environment.get("GAME_CONFIG"); fromEnv && !fromEnv->empty()) {
        file = std::filesystem::path(*fromEnv);
        detail::applyConfigFile(*file, "GAME_CONFIG", state);
    }
    return finishLoad(state, std::move(file), request.environment, request.flags);
}

LoadedConfig loadConfigText(const std::filesystem::path& fileName, std::string_view text,
                            const Environment& environment, const std::vector<FlagOverride>& flags) {
    detail::LoadState state;
    detail::applyConfigText(fileName.string(), text, state);
    return finishLoad(state, fileName, environment, flags);
}

std::vector<std::string> allConfigKeys() {
    std::vector<std::string> keys;
    for (const auto& key : configSchema()) keys.push_back(key.fullKey());
    return keys;
}

std::vector<std::string> envNamesFor(const std::string& key) {
    const KeyDescriptor* descriptor = findConfigKey(key);
    return descriptor ? descriptor->envNames() : std::vector<std::string>{};
}

std::string configKeyHelp(const std::string& key) {
    const KeyDescriptor* descriptor = findConfigKey(key);
    if (descriptor == nullptr) return "";
    std::string help = descriptor->description + " Expected: " + descriptor->expected + ". Env:";
    for (const auto& name : descriptor->envNames()) help += " " + name;
    return help;
}

}  // namespace mmo::config
