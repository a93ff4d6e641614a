#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace mmo::sync {

// An owned file descriptor plus the few POSIX calls the outbox makes on it. Every failing call throws
// std::system_error carrying errno and naming the path.
class OutboxFd {
  public:
    OutboxFd() = default;
    ~OutboxFd();
    OutboxFd(OutboxFd&& other) noexcept;
    OutboxFd& operator=(OutboxFd&& other) noexcept;
    OutboxFd(const OutboxFd&) = delete;
    OutboxFd& operator=(const OutboxFd&) = delete;

    // open(2) with O_CLOEXEC added; returns an invalid OutboxFd when the file is missing and `flags`
    // lacks O_CREAT.
    static OutboxFd open(const std::filesystem::path& path, int flags, unsigned mode = 0600);

    // True when it holds a descriptor.
    bool valid() const { return fd_ >= 0; }
    // Current size from fstat.
    std::uint64_t size() const;
    // The whole file from offset 0, at most size() bytes as seen on entry.
    std::vector<std::uint8_t> readAll() const;
    // write(2) until every byte is written, retrying EINTR and short writes.
    void writeAll(std::span<const std::uint8_t> bytes) const;
    // fdatasync(2): the data and the size are durable when it returns.
    void syncData() const;
    // fsync(2), for directories and new files.
    void syncAll() const;
    // ftruncate(2) to `size` bytes.
    void truncate(std::uint64_t size) const;
    // The path it was opened with (for messages).
    const std::filesystem::path& path() const { return path_; }

    // Throws std::system_error for `err`, naming the action and the path.
    [[noreturn]] static void fail(int err, const char* action, const std::filesystem::path& path);

  private:
    OutboxFd(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    void close() noexcept;

    int fd_ = -1;
    std::filesystem::path path_;
};

}  // namespace mmo::sync
