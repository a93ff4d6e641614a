#include "tests/support/TmpfsMount.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace mmo::test {

TmpfsMount::TmpfsMount(const std::filesystem::path& dir, std::uint64_t sizeBytes) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    const std::string options = "size=" + std::to_string(sizeBytes) + ",mode=0755";
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
        mounted_ = true;
    } else {
        error_ = "mount -t tmpfs -o " + options + " tmpfs " + dir_.string() + ": " + std::strerror(errno) +
                 (::geteuid() != 0 ? " (not root)" : "");
    }
}

TmpfsMount::~TmpfsMount() {
    if (!mounted_) return;
    if (::umount(dir_.c_str()) != 0) ::umount2(dir_.c_str(), MNT_DETACH);
}

std::uint64_t TmpfsMount::freeBytes() const {
    struct statvfs info {};
    if (::statvfs(dir_.c_str(), &info) != 0) return 0;
    return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

std::uint64_t fillUp(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("open " + file.string() + ": " + std::strerror(errno));
    const std::vector<char> block(4096, 'x');
    std::uint64_t written = 0;
    while (true) {
        const ssize_t n = ::write(fd, block.data(), block.size());
        if (n > 0) {
            written += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break;  // ENOSPC: full
    }
    ::close(fd);
    return written;
}

}  // namespace mmo::test
