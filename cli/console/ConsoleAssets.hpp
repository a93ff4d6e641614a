#pragma once

#include <string_view>
#include <vector>

// The console's static files (cli/console/web/), embedded into mmoctl at build time by
// cli/console/EmbedWebFiles.cmake, so the page needs no install path, no CDN and no network.
namespace mmo::cli::console {

struct Asset {
    std::string_view path;         // "/index.html"
    std::string_view contentType;  // "text/html; charset=utf-8"
    std::string_view body;
};

// Every embedded file (constant data, generated).
const std::vector<Asset>& consoleAssets();

// The asset served at a request path ("/" is "/index.html"); nullptr when there is none.
const Asset* findAsset(std::string_view path);

}  // namespace mmo::cli::console
