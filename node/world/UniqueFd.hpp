#pragma once

namespace mmo::world {

// Owns a POSIX file descriptor and closes it once; move-only.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    // The descriptor, or -1.
    int get() const { return fd_; }
    // True when it holds a descriptor.
    bool valid() const { return fd_ >= 0; }
    // Gives up ownership without closing.
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes now; returns close()'s result (0 when there was nothing to close).
    int close();

  private:
    int fd_ = -1;
};

}  // namespace mmo::world
