#include "cli/util/AtomicFile.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace mmo::cli {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

// Closes the descriptor and removes the temporary file unless the write was committed.
class TempFile {
  public:
    explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd_ < 0) fail("cannot create", path_);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(path_.c_str());
    }
    int fd() const { return fd_; }
    void closeChecked() {
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail("cannot close", path_);
    }
    void markCommitted() { committed_ = true; }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool committed_ = false;
};

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const auto tmpPath = dir / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()));
    TempFile tmp(tmpPath);
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const auto n = ::write(tmp.fd(), data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("cannot write", tmpPath);
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(tmp.fd()) != 0) fail("cannot sync", tmpPath);
    tmp.closeChecked();
    if (::rename(tmpPath.c_str(), path.c_str()) != 0) fail("cannot rename onto", path);
    tmp.markCommitted();
    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);  // best effort: the rename is already visible; this makes it durable
        ::close(dirFd);
    }
}

}  // namespace mmo::cli
