#include "common/world/SnapshotError.hpp"

namespace mmo::world {

namespace {
std::string describe(SnapshotErrorKind kind, const std::filesystem::path& file, const std::string& detail) {
    std::string text = "world snapshot " + file.string() + ": " + std::string(toString(kind)) + ": " + detail;
    if (kind != SnapshotErrorKind::Io)
        text +=
            " (the file is damaged or not a snapshot: move it away and the node rebuilds its world "
            "from the event stream)";
    return text;
}
}  // namespace

std::string_view toString(SnapshotErrorKind kind) {
    switch (kind) {
        case SnapshotErrorKind::Io:
            return "io_error";
        case SnapshotErrorKind::BadMagic:
            return "bad_magic";
        case SnapshotErrorKind::UnsupportedVersion:
            return "unsupported_version";
        case SnapshotErrorKind::Truncated:
            return "truncated";
        case SnapshotErrorKind::TooLarge:
            return "too_large";
        case SnapshotErrorKind::ChecksumMismatch:
            return "checksum_mismatch";
        case SnapshotErrorKind::Malformed:
            return "malformed";
    }
    return "unknown";
}

SnapshotError::SnapshotError(SnapshotErrorKind kind, std::filesystem::path file, const std::string& detail)
    : std::runtime_error(describe(kind, file, detail)), kind_(kind), file_(std::move(file)) {}

}  // namespace mmo::world
