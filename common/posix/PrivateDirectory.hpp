#pragma once

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace mmo::posix {

// Creates `dir` for files only its owner may read (a node's data dir: the world, the outbox, the JWT
// key): missing parents as create_directories makes them, `dir` itself with mode 0700. An existing `dir`
// is left as it is (an operator may have set its mode on purpose). Returns the error, if any; not a
// directory is ENOTDIR.
inline std::error_code createPrivateDirectory(const std::filesystem::path& dir) {
    auto path = dir.lexically_normal();
    if (path.filename().empty()) path = path.parent_path();  // "data/eu/"
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return ec;
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) return {errno, std::generic_category()};
    if (!std::filesystem::is_directory(path, ec) && !ec)
        ec = std::make_error_code(std::errc::not_a_directory);
    return ec;
}

}  // namespace mmo::posix
