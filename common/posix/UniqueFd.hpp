#pragma once

#include <unistd.h>

#include <utility>

namespace mmo::posix {

// Owns one POSIX file descriptor and closes it on destruction. Move-only.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    // The descriptor, -1 when empty.
    int get() const { return fd_; }
    // True when it holds a descriptor.
    bool valid() const { return fd_ >= 0; }
    // Closes now; returns close(2)'s result (0 when empty), so writers can see deferred write errors.
    int reset() noexcept { return fd_ >= 0 ? ::close(std::exchange(fd_, -1)) : 0; }

  private:
    int fd_ = -1;
};

}  // namespace mmo::posix
