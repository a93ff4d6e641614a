#include "common/codec/GzipDecompressor.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace mmo::codec {

namespace {
constexpr int kGzipWindowBits = 15 + 16;
constexpr std::size_t kGrowStep = 64u << 10;
}  // namespace

GzipDecompressor::GzipDecompressor() {
    if (inflateInit2(&stream_, kGzipWindowBits) != Z_OK) throw std::runtime_error("zlib inflateInit2 failed");
    ready_ = true;
}

GzipDecompressor::~GzipDecompressor() {
    if (ready_) inflateEnd(&stream_);
}

InflateStatus GzipDecompressor::decompress(std::span<const std::uint8_t> input, std::size_t max_output,
                                           std::vector<std::uint8_t>& out) {
    out.clear();
    if (input.size() > std::numeric_limits<uInt>::max()) return InflateStatus::TooLarge;
    if (inflateReset(&stream_) != Z_OK) return InflateStatus::Corrupt;
    stream_.next_in = const_cast<Bytef*>(input.data());  // zlib's API is not const-correct
    stream_.avail_in = static_cast<uInt>(input.size());
    // One byte of room past the cap tells "exactly at the cap" from "over it".
    const std::size_t hard_cap = max_output + 1;
    std::size_t produced = 0;
    for (;;) {
        if (produced == out.size()) {
            if (out.size() >= hard_cap) {
                out.resize(produced);
                return InflateStatus::TooLarge;
            }
            out.resize(std::min(hard_cap, out.size() + std::max(kGrowStep, out.size() / 2)));
        }
        const std::size_t room =
            std::min<std::size_t>(out.size() - produced, std::numeric_limits<uInt>::max());
        stream_.next_out = out.data() + produced;
        stream_.avail_out = static_cast<uInt>(room);
        const int rc = inflate(&stream_, Z_NO_FLUSH);
        produced += room - stream_.avail_out;
        if (produced > max_output) {
            out.resize(produced);
            return InflateStatus::TooLarge;
        }
        if (rc == Z_STREAM_END) {
            out.resize(produced);
            return stream_.avail_in == 0 ? InflateStatus::Ok : InflateStatus::TrailingData;
        }
        if (rc == Z_BUF_ERROR || (rc == Z_OK && stream_.avail_in == 0 && stream_.avail_out != 0)) {
            // No progress possible: with output room left, the input must have run out.
            if (stream_.avail_out != 0) {
                out.resize(produced);
                return InflateStatus::Truncated;
            }
            continue;
        }
        if (rc != Z_OK) {
            out.resize(produced);
            return InflateStatus::Corrupt;
        }
    }
}

}  // namespace mmo::codec
