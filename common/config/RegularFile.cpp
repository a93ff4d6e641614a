#include "common/config/RegularFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/posix/UniqueFd.hpp"

namespace mmo::config::detail {

namespace {

std::string describeType(mode_t mode) {
    if (S_ISDIR(mode)) return "is a directory";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode)) return "is a character device, not a regular file";
    if (S_ISBLK(mode)) return "is a block device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

std::string overLimit(const std::string& size, std::size_t maxBytes) {
    return "is " + size + " bytes, over the limit of " + std::to_string(maxBytes) +
           " (storage.file_key_limit_bytes)";
}

// The file opened for reading once it is known to be a regular file within the cap. stat() first, so a
// device is never opened at all; O_NONBLOCK, so a FIFO swapped in after the stat cannot block the open;
// fstat() of the open descriptor, so what is read is what was checked.
std::variant<posix::UniqueFd, FileRefusal> openRegularFile(const std::string& path, std::size_t maxBytes) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return FileRefusal{std::strerror(errno)};
    if (!S_ISREG(info.st_mode)) return FileRefusal{describeType(info.st_mode)};
    posix::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (!fd.valid()) return FileRefusal{std::strerror(errno)};
    if (::fstat(fd.get(), &info) != 0) return FileRefusal{std::strerror(errno)};
    if (!S_ISREG(info.st_mode)) return FileRefusal{describeType(info.st_mode)};
    if (static_cast<unsigned long long>(info.st_size) > maxBytes)
        return FileRefusal{overLimit(std::to_string(info.st_size), maxBytes)};
    return fd;
}

}  // namespace

std::optional<FileRefusal> checkRegularFile(const std::string& path, std::size_t maxBytes) {
    auto opened = openRegularFile(path, maxBytes);
    if (auto* refusal = std::get_if<FileRefusal>(&opened)) return std::move(*refusal);
    return std::nullopt;
}

std::variant<std::string, FileRefusal> readRegularFile(const std::string& path, std::size_t maxBytes) {
    auto opened = openRegularFile(path, maxBytes);
    if (auto* refusal = std::get_if<FileRefusal>(&opened)) return std::move(*refusal);
    const posix::UniqueFd& fd = std::get<posix::UniqueFd>(opened);
    std::string content;
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return FileRefusal{std::string("read failed: ") + std::strerror(errno)};
        if (n == 0) break;
        content.append(buffer, static_cast<std::size_t>(n));
        if (content.size() > maxBytes)
            return FileRefusal{"grew past the limit of " + std::to_string(maxBytes) +
                               " bytes (storage.file_key_limit_bytes) while it was read"};
    }
    return content;
}

}  // namespace mmo::config::detail
