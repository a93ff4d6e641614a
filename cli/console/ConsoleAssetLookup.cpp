#include "cli/console/ConsoleAssets.hpp"

namespace mmo::cli::console {

const Asset* findAsset(std::string_view path) {
    if (path == "/") path = "/index.html";
    for (const auto& asset : consoleAssets())
        if (asset.path == path) return &asset;
    return nullptr;
}

}  // namespace mmo::cli::console
