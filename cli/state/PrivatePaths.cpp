#include "cli/state/PrivatePaths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "cli/ExitCode.hpp"

namespace mmo::cli {

namespace fs = std::filesystem;

namespace {

constexpr mode_t kPrivateDirMode = 0700;
constexpr mode_t kPrivateFileMode = 0600;

[[noreturn]] void refuse(const fs::path& path, const std::string& why, const std::string& fix) {
    throw CommandError{kUnsafeStateDir, path.string() + " " + why + "; " + fix};
}

void checkOwner(const fs::path& path, const struct stat& st, const char* what) {
    if (st.st_uid != ::geteuid())
        refuse(path,
               std::string("is owned by another user (uid ") + std::to_string(st.st_uid) + "), not by uid " +
                   std::to_string(::geteuid()) + "; mmoctl does not use a " + what + " another user controls",
               "pass a --state-dir of your own (default ./.mmoctl)");
}

void tighten(const fs::path& path, const struct stat& st, mode_t mode) {
    if ((st.st_mode & 07777 & ~mode) == 0) return;
    if (::chmod(path.c_str(), st.st_mode & mode) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot chmod " + path.string());
}

void makeDir(const fs::path& dir) {
    if (::mkdir(dir.c_str(), kPrivateDirMode) != 0 && errno != EEXIST)
        throw std::system_error(errno, std::generic_category(), "cannot create " + dir.string());
}

}  // namespace

void refuseForeignStateDir(const fs::path& stateDir) {
    struct stat st {};
    if (::stat(stateDir.c_str(), &st) != 0) return;  // none yet: nothing to trust
    if (!S_ISDIR(st.st_mode))
        refuse(stateDir, "is not a directory", "pass a --state-dir that is a directory of your own");
    checkOwner(stateDir, st, "state dir");
}

void preparePrivateStateDir(const fs::path& stateDir) {
    if (stateDir.has_parent_path()) fs::create_directories(stateDir.parent_path());
    makeDir(stateDir);
    refuseForeignStateDir(stateDir);
    struct stat st {};
    if (::stat(stateDir.c_str(), &st) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot stat " + stateDir.string());
    tighten(stateDir, st, kPrivateDirMode);
}

void preparePrivateSubdir(const fs::path& dir) {
    makeDir(dir);
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot stat " + dir.string());
    if (S_ISLNK(st.st_mode))
        refuse(dir, "is a symlink; mmoctl does not follow symlinks in its state dir",
               "remove it (mmoctl creates the directory)");
    if (!S_ISDIR(st.st_mode)) refuse(dir, "is not a directory", "remove it (mmoctl creates the directory)");
    checkOwner(dir, st, "directory");
    tighten(dir, st, kPrivateDirMode);
}

int openPrivateAppend(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                          kPrivateFileMode);
    if (fd < 0 && errno == ELOOP)
        refuse(file, "is a symlink; mmoctl does not follow symlinks in its state dir",
               "remove it (mmoctl creates the file)");
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open log " + file.string());
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        refuse(file, "is not a regular file", "remove it (mmoctl creates the file)");
    }
    if (st.st_uid != ::geteuid()) {
        ::close(fd);
        checkOwner(file, st, "file");
    }
    if ((st.st_mode & 07777 & ~kPrivateFileMode) != 0) ::fchmod(fd, st.st_mode & kPrivateFileMode);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

int openPrivateRead(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0 && errno == ELOOP)
        refuse(file, "is a symlink; mmoctl does not follow symlinks in its state dir",
               "remove it (stop the set's processes by hand first when it was state.json)");
    if (fd < 0) return -1;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const int error = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        ::close(fd);
        errno = error;
        return -1;
    }
    if (st.st_uid != ::geteuid()) {
        ::close(fd);
        checkOwner(file, st, "file");
    }
    return fd;
}

}  // namespace mmo::cli
