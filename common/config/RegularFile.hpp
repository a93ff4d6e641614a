#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

// The one way the config loader opens a file that a file key names (eventbus.creds_file, the TLS files,
// the *_file secrets): only a regular file (a symlink to one is fine), at most a size cap, opened
// non-blocking so that a FIFO or a device can neither hang the node nor feed it without end.
namespace mmo::config::detail {

// Why a path was refused: "is a FIFO", "is a character device", "is 2000000 bytes, over the limit of
// 1048576 (storage.file_key_limit_bytes)", or the open error ("No such file or directory").
struct FileRefusal {
    std::string reason;
};

// Refuses what is not a regular file of at most maxBytes; nothing is read.
std::optional<FileRefusal> checkRegularFile(const std::string& path, std::size_t maxBytes);

// The whole content of a regular file of at most maxBytes (checked again while reading: it may grow).
std::variant<std::string, FileRefusal> readRegularFile(const std::string& path, std::size_t maxBytes);

}  // namespace mmo::config::detail
