#pragma once

#include <filesystem>

namespace mmo::sync {

// Holds an exclusive flock on <data_dir>/LOCK for the node's lifetime, so two nodes never share one
// outbox and snapshot. Creates the directory (mode 0700: it holds the world, the outbox and the JWT key;
// an existing one keeps its mode; LOCK is 0600). Throws std::runtime_error naming the directory (and the
// holder's pid when known) if another process holds it.
class DataDirLock {
  public:
    explicit DataDirLock(const std::filesystem::path& dataDir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace mmo::sync
