#include "common/codec/GzipCompressor.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace mmo::codec {

namespace {
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header and trailer
constexpr int kMemLevel = 8;
}  // namespace

GzipCompressor::GzipCompressor(int level) {
    if (deflateInit2(&stream_, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib deflateInit2 failed");
}

GzipCompressor::~GzipCompressor() {
    deflateEnd(&stream_);
}

void GzipCompressor::compress(std::span<const std::uint8_t> input, std::vector<std::uint8_t>& out) {
    if (input.size() > std::numeric_limits<uInt>::max()) throw std::length_error("gzip input over 4 GiB");
    if (deflateReset(&stream_) != Z_OK) throw std::runtime_error("zlib deflateReset failed");
    const std::size_t start = out.size();
    const std::size_t bound = deflateBound(&stream_, static_cast<uLong>(input.size()));
    out.resize(start + bound);
    stream_.next_in = const_cast<Bytef*>(input.data());  // zlib's API is not const-correct
    stream_.avail_in = static_cast<uInt>(input.size());
    stream_.next_out = out.data() + start;
    stream_.avail_out = static_cast<uInt>(bound);
    const int rc = deflate(&stream_, Z_FINISH);
    if (rc != Z_STREAM_END) {
        out.resize(start);
        throw std::runtime_error("zlib deflate failed: " + std::to_string(rc));
    }
    out.resize(start + (bound - stream_.avail_out));
}

}  // namespace mmo::codec
