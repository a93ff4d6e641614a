#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/config/ConfigLoader.hpp"

// Helpers shared by the config tests: a temporary directory and short ways to load and fail.
namespace mmo::config::testing {

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("mmo-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Writes content to name inside the directory and returns its full path.
    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const auto file = path_ / name;
        std::ofstream out(file, std::ios::binary);
        out << content;
        return file;
    }

  private:
    std::filesystem::path path_;
};

inline LoadRequest requestFor(std::optional<std::filesystem::path> file,
                              std::map<std::string, std::string> env = {},
                              std::vector<FlagOverride> flags = {}) {
    LoadRequest request;
    request.configFile = std::move(file);
    request.environment = Environment(std::move(env));
    request.flags = std::move(flags);
    return request;
}

// Loads content written to a temp file named config.yml.
inline LoadedConfig loadText(const std::string& content, std::map<std::string, std::string> env = {},
                             std::vector<FlagOverride> flags = {}) {
    TempDir dir;
    return loadConfig(requestFor(dir.write("config.yml", content), std::move(env), std::move(flags)));
}

// The ConfigError thrown by loading request; fails the test when loading succeeds.
inline ConfigError errorOf(const LoadRequest& request) {
    try {
        loadConfig(request);
    } catch (const ConfigError& error) {
        return error;
    }
    ADD_FAILURE() << "expected a ConfigError";
    return ConfigError({});
}

// The error of loading content from a temp file; problem texts mention that file's path.
inline ConfigError errorOfText(const std::string& content, std::map<std::string, std::string> env = {},
                               std::vector<FlagOverride> flags = {}) {
    TempDir dir;
    return errorOf(requestFor(dir.write("config.yml", content), std::move(env), std::move(flags)));
}

}  // namespace mmo::config::testing
