#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mmo::world {

// Why a snapshot could not be written or read.
enum class SnapshotErrorKind {
    Io,                  // open, read, write, fsync or rename failed (message carries errno text)
    BadMagic,            // not a world snapshot ("MMOS")
    UnsupportedVersion,  // written by a newer format version
    Truncated,           // shorter than its header says
    TooLarge,            // bigger than the load limit
    ChecksumMismatch,    // CRC-32 of the body differs from the header's
    Malformed,           // a field is invalid (bad varint, value out of range, trailing bytes, ...)
};

// Stable snake_case name of a kind ("checksum_mismatch").
std::string_view toString(SnapshotErrorKind kind);

// A snapshot failure naming the file, what is wrong and what to do about it.
class SnapshotError : public std::runtime_error {
  public:
    SnapshotError(SnapshotErrorKind kind, std::filesystem::path file, const std::string& detail);

    SnapshotErrorKind kind() const { return kind_; }
    const std::filesystem::path& file() const { return file_; }

  private:
    SnapshotErrorKind kind_;
    std::filesystem::path file_;
};

}  // namespace mmo::world
