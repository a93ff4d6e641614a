#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mmo::codec {

// What GzipDecompressor::decompress found.
enum class InflateStatus {
    Ok,            // one gzip member, fully consumed, output within the cap
    TooLarge,      // the output would exceed the cap; inflating stopped there
    Truncated,     // the input ended before the gzip member did
    Corrupt,       // zlib rejected the data (bad header, bad deflate data, bad gzip CRC or length)
    TrailingData,  // bytes follow the gzip member
};

// Owns one zlib inflate stream for gzip framing (window bits 15 + 16) and reuses it across calls. Output
// grows in steps as it is produced, never past max_output + 1 bytes, so a small bomb cannot make it
// allocate more than the cap. Not thread-safe: one per thread or per owner.
class GzipDecompressor {
  public:
    GzipDecompressor();
    ~GzipDecompressor();
    GzipDecompressor(const GzipDecompressor&) = delete;
    GzipDecompressor& operator=(const GzipDecompressor&) = delete;

    // Inflates one gzip member from `input` into `out` (replaced), stopping as soon as it would exceed
    // `max_output` bytes. Never throws on bad input.
    InflateStatus decompress(std::span<const std::uint8_t> input, std::size_t max_output,
                             std::vector<std::uint8_t>& out);

  private:
    z_stream stream_{};
    bool ready_ = false;
};

}  // namespace mmo::codec
