#pragma once

#include <cstdint>

namespace mmo::node {

// The process's open-file limit (RLIMIT_NOFILE): every socket and file takes one descriptor under it.
struct OpenFileLimit {
    std::uint64_t soft = 0;    // in force now
    std::uint64_t hard = 0;    // the most an unprivileged process may raise it to
    std::uint64_t before = 0;  // the soft limit the process started with
};

// Raises the soft limit to the hard limit (to kLargestSoftLimit when the hard limit is unlimited), so the
// common default of 1024 does not cap a node whose hard limit allows far more. Never lowers it; when the
// kernel refuses, the limit stays as it was.
OpenFileLimit raiseOpenFileLimit();

// Linux's default fs.nr_open: a process cannot have more descriptors than this without tuning.
inline constexpr std::uint64_t kLargestSoftLimit = 1u << 20;

}  // namespace mmo::node
