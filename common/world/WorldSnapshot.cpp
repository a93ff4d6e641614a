#include "common/world/WorldSnapshot.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "common/posix/UniqueFd.hpp"
#include "common/world/SnapshotFormat.hpp"

namespace mmo::world {

namespace {

std::string errnoText(const char* what) {
    return std::string(what) + ": " + std::strerror(errno);
}

void writeAll(int fd, std::span<const std::uint8_t> data, const std::filesystem::path& file) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw SnapshotError(SnapshotErrorKind::Io, file, errnoText("write"));
        data = data.subspan(static_cast<std::size_t>(n));
    }
}

}  // namespace

void WorldSnapshot::save(const std::filesystem::path& data_dir, const World& world,
                         const SyncPositions& positions) {
    const std::filesystem::path target = pathIn(data_dir);
    const std::filesystem::path temp = data_dir / (std::string(kFileName) + ".tmp");
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) throw SnapshotError(SnapshotErrorKind::Io, target, "create directory: " + ec.message());
    const std::vector<std::uint8_t> bytes = SnapshotFormat::encode(world, positions);
    try {
        posix::UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!fd.valid()) throw SnapshotError(SnapshotErrorKind::Io, temp, errnoText("open"));
        writeAll(fd.get(), bytes, temp);
        if (::fsync(fd.get()) != 0) throw SnapshotError(SnapshotErrorKind::Io, temp, errnoText("fsync"));
        if (fd.reset() != 0) throw SnapshotError(SnapshotErrorKind::Io, temp, errnoText("close"));
        if (::rename(temp.c_str(), target.c_str()) != 0)
            throw SnapshotError(SnapshotErrorKind::Io, target, errnoText("rename"));
    } catch (...) {
        std::filesystem::remove(temp, ec);
        throw;
    }
    // The rename is durable only once the directory entry is.
    posix::UniqueFd dir(::open(data_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid() || ::fsync(dir.get()) != 0)
        throw SnapshotError(SnapshotErrorKind::Io, target, errnoText("fsync of the directory"));
}

std::optional<SyncPositions> WorldSnapshot::load(const std::filesystem::path& data_dir, World& into,
                                                 const SnapshotLimits& limits) {
    const std::filesystem::path file = pathIn(data_dir);
    posix::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return std::nullopt;
        throw SnapshotError(SnapshotErrorKind::Io, file, errnoText("open"));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw SnapshotError(SnapshotErrorKind::Io, file, errnoText("stat"));
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > limits.max_file_bytes)
        throw SnapshotError(
            SnapshotErrorKind::TooLarge, file,
            std::to_string(size) + " bytes, over the limit of " + std::to_string(limits.max_file_bytes));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw SnapshotError(SnapshotErrorKind::Io, file, errnoText("read"));
        if (n == 0) break;  // shrank while reading: the parser reports it as truncated
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return SnapshotFormat::decode(bytes, file, into);
}

}  // namespace mmo::world
