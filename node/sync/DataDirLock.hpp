#pragma once

#include <filesystem>

namespace mmo::sync {

// Holds an exclusive flock on <data_dir>/LOCK for the node's lifetime, so two nodes never share one
// outbox and snapshot. Creates the directory. Throws std::runtime_error naming the directory (and the
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
