#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace mmo::test {

// A small tmpfs mounted on a directory for the life of the object (a disk that can really fill up).
// Needs root (CAP_SYS_ADMIN); when the mount is refused, mounted() is false and error() says why, so
// the test can skip. Unmounted on destruction (lazily if a process still holds files there).
class TmpfsMount {
  public:
    TmpfsMount(const std::filesystem::path& dir, std::uint64_t sizeBytes);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    const std::filesystem::path& path() const { return dir_; }
    // Bytes still free on the file system.
    std::uint64_t freeBytes() const;

  private:
    std::filesystem::path dir_;
    bool mounted_ = false;
    std::string error_;
};

// Appends to `file` until its file system is full (ENOSPC); returns the bytes written. Call it again to
// take whatever space was freed meanwhile.
std::uint64_t fillUp(const std::filesystem::path& file);

}  // namespace mmo::test
