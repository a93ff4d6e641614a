#include "cli/supervisor/BinaryResolver.hpp"

#include <unistd.h>

#include <cstdlib>

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

bool executableFile(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::optional<fs::path> explicitBinary(const std::string& path) {
    if (!executableFile(path)) return std::nullopt;
    return fs::absolute(path).lexically_normal();
}

std::string pathVariable() {
    const char* path = std::getenv("PATH");
    return path ? path : "";
}

}  // namespace

std::optional<fs::path> searchDirs(const std::string& name, const std::string& dirs) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto colon = dirs.find(':', start);
        const auto dir = dirs.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        const auto candidate = fs::path(dir.empty() ? "." : dir) / name;
        if (executableFile(candidate)) return fs::absolute(candidate).lexically_normal();
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return std::nullopt;
}

std::optional<fs::path> findNatsServer(const std::string& explicitPath) {
    if (!explicitPath.empty()) return explicitBinary(explicitPath);
    if (auto found = searchDirs("nats-server", pathVariable())) return found;
    const char* extra = std::getenv("MMOCTL_SBIN_DIRS");  // tests point it at a dir without nats-server
    return searchDirs("nats-server", extra ? extra : "/usr/sbin:/usr/local/sbin");
}

std::optional<fs::path> selfBinary() {
    std::error_code ec;
    auto self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    return self;
}

std::optional<fs::path> findNodeBinary(const std::string& explicitPath) {
    if (!explicitPath.empty()) return explicitBinary(explicitPath);
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        if (auto found = searchDirs("mmo-node", self.parent_path().string())) return found;
    return searchDirs("mmo-node", pathVariable());
}

}  // namespace mmo::cli
