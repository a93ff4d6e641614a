#include "node/sync/OutboxFd.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace mmo::sync {

OutboxFd::~OutboxFd() {
    close();
}

OutboxFd::OutboxFd(OutboxFd&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

OutboxFd& OutboxFd::operator=(OutboxFd&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

void OutboxFd::close() noexcept {
    if (fd_ >= 0) ::close(fd_);  // nothing durable depends on close: every write was fsynced first
    fd_ = -1;
}

void OutboxFd::fail(int err, const char* action, const std::filesystem::path& path) {
    throw std::system_error(err, std::generic_category(), std::string(action) + " " + path.string());
}

OutboxFd OutboxFd::open(const std::filesystem::path& path, int flags, unsigned mode) {
    int fd = -1;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == ENOENT && (flags & O_CREAT) == 0) return OutboxFd();
        fail(errno, "cannot open", path);
    }
    return OutboxFd(fd, path);
}

std::uint64_t OutboxFd::size() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail(errno, "cannot stat", path_);
    return static_cast<std::uint64_t>(st.st_size);
}

std::vector<std::uint8_t> OutboxFd::readAll() const {
    std::vector<std::uint8_t> bytes(size());
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(errno, "cannot read", path_);
        if (n == 0) break;  // shrank under us: use what is there
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

void OutboxFd::writeAll(std::span<const std::uint8_t> bytes) const {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(errno, "cannot write", path_);
        if (n == 0) fail(EIO, "cannot write (no progress)", path_);
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
}

void OutboxFd::syncData() const {
    if (::fdatasync(fd_) != 0) fail(errno, "cannot fdatasync", path_);
}

void OutboxFd::syncAll() const {
    if (::fsync(fd_) != 0) fail(errno, "cannot fsync", path_);
}

void OutboxFd::truncate(std::uint64_t size) const {
    int rc = 0;
    do {
        rc = ::ftruncate(fd_, static_cast<off_t>(size));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) fail(errno, "cannot truncate", path_);
}

}  // namespace mmo::sync
