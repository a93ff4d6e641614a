#pragma once

#include <filesystem>
#include <string>

namespace mmo::test {

// A fresh directory under the system temp dir, removed with its content on destruction.
class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "mmo-test");
    ~TempDir();

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Writes `content` to <dir>/<name> and returns its path.
    std::filesystem::path writeFile(const std::string& name, const std::string& content) const;

  private:
    std::filesystem::path path_;
};

}  // namespace mmo::test
