#include "node/sync/DataDirLock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "common/posix/PrivateDirectory.hpp"

namespace mmo::sync {

DataDirLock::DataDirLock(const std::filesystem::path& dataDir) {
    if (const auto ec = posix::createPrivateDirectory(dataDir))
        throw std::runtime_error("cannot create data dir " + dataDir.string() + ": " + ec.message() +
                                 "; set storage.data_dir (GAME_STORAGE_DATA_DIR) to a writable directory");
    const auto path = dataDir / "LOCK";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0)
        throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno) +
                                 "; set storage.data_dir (GAME_STORAGE_DATA_DIR) to a writable directory");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        char holder[32] = {0};
        const auto n = ::pread(fd_, holder, sizeof holder - 1, 0);
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error(
            "data dir " + dataDir.string() + " is in use by another mmo-node" +
            (n > 0 ? " (pid " + std::string(holder, static_cast<std::size_t>(n)) + ")" : "") +
            "; give each node its own storage.data_dir (GAME_STORAGE_DATA_DIR)");
    }
    const auto pid = std::to_string(::getpid());
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] const auto written = ::pwrite(fd_, pid.data(), pid.size(), 0);
    }
}

DataDirLock::~DataDirLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace mmo::sync
