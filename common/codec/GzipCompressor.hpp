#pragma once

#include <zlib.h>

#include <cstdint>
#include <span>
#include <vector>

namespace mmo::codec {

// Owns one zlib deflate stream set up for gzip framing (RFC 1952, window bits 15 + 16) and reuses it
// across calls. Not thread-safe: one per thread or per owner.
class GzipCompressor {
  public:
    // level: zlib 1 (fast) .. 9 (small); 6 is zlib's default.
    explicit GzipCompressor(int level = 6);
    ~GzipCompressor();
    GzipCompressor(const GzipCompressor&) = delete;
    GzipCompressor& operator=(const GzipCompressor&) = delete;

    // Appends one complete gzip member holding `input` to `out`; throws std::runtime_error on a zlib failure.
    void compress(std::span<const std::uint8_t> input, std::vector<std::uint8_t>& out);

  private:
    z_stream stream_{};
};

}  // namespace mmo::codec
