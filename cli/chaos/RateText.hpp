#pragma once

#include <cstdint>
#include <string>

// Rates and byte sizes as flags spell them: "512kbit", "10mbit", "2MB/s", "unlimited"; "4MiB".
namespace mmo::cli::chaos {

// Parses a rate into bits per second; "unlimited" gives 0. Bits: a number with no unit or k, m, g, kbit,
// mbit, gbit (decimal: 1k = 1000 bit/s). Bytes: B/s, KB/s, MB/s, GB/s (decimal) and KiB/s, MiB/s, GiB/s.
// Throws std::invalid_argument saying what is expected (the caller names the flag).
std::uint64_t parseRate(const std::string& text);

// "unlimited", "512kbit", "1500kbit", "800bit": exact, so it parses back to the same rate.
std::string formatRate(std::uint64_t bitsPerSecond);

// Parses a size: bytes with no unit or B, KiB, MiB, GiB (1024-based), KB, MB, GB (1000-based).
// Throws std::invalid_argument.
std::uint64_t parseByteSize(const std::string& text);

}  // namespace mmo::cli::chaos
