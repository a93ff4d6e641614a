#include "common/config/ConfigFileReader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mmo::config::detail {

namespace {
// Closes the descriptor on every path out.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

FileText failure(const std::filesystem::path& path, std::string message, std::string hint) {
    return {std::nullopt, ConfigProblem{path.string(), "", std::move(message), std::move(hint)}};
}
}  // namespace

FileText readConfigFile(const std::filesystem::path& path, const std::string& pathOrigin) {
    const std::string pathHint =
        "check the path given by " + pathOrigin +
        " (the config file comes from --config PATH, or GAME_CONFIG when --config is absent)";
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR)
            return failure(path, "config file not found (path from " + pathOrigin + ")", pathHint);
        return failure(path, std::string("cannot read config file: ") + std::strerror(err), pathHint);
    }
    if (S_ISDIR(info.st_mode))
        return failure(path, "cannot read config file: it is a directory",
                       "give the path of a YAML file, not a directory");
    // A FIFO or device could block or never end; a config is a regular file.
    if (!S_ISREG(info.st_mode))
        return failure(path, "cannot read config file: not a regular file", "give the path of a YAML file");
    if (static_cast<std::size_t>(info.st_size) > kMaxConfigFileBytes)
        return failure(path,
                       "config file is too large: " + std::to_string(info.st_size) + " bytes, the limit is " +
                           std::to_string(kMaxConfigFileBytes),
                       "a node config is a few hundred bytes; check that this is the right file");

    // Non-blocking, and checked again on the descriptor: a FIFO swapped in after the stat cannot hang us.
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (fd.get() < 0) {
        const int err = errno;
        return failure(path, std::string("cannot read config file: ") + std::strerror(err),
                       err == EACCES ? "make the file readable by this user (chmod, chown)" : pathHint);
    }
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode))
        return failure(path, "cannot read config file: not a regular file", "give the path of a YAML file");
    std::string text;
    char buffer[16384];
    while (true) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return failure(path, std::string("cannot read config file: ") + std::strerror(errno), pathHint);
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        // The file may grow after stat; the cap holds for what is read too.
        if (text.size() > kMaxConfigFileBytes)
            return failure(path,
                           "config file is too large: over " + std::to_string(kMaxConfigFileBytes) + " bytes",
                           "a node config is a few hundred bytes; check that this is the right file");
    }
    return {std::move(text), std::nullopt};
}

}  // namespace mmo::config::detail
