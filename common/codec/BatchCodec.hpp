#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/codec/Batch.hpp"
#include "common/codec/DecodeLimits.hpp"
#include "common/codec/DecodeResult.hpp"

namespace mmo::codec {

class GzipCompressor;
class GzipDecompressor;

// The fixed 14-byte frame header every encoded batch starts with.
struct BatchFrameHeader {
    std::uint8_t version = 0;
    bool gzip = false;
    std::uint32_t body_size = 0;  // body bytes before gzip
    std::uint32_t body_crc32 = 0;
};

// Encodes and decodes batches in the "MMOB" v1 format of docs/sync-wire-format.md: a 14-byte frame
// header, then the body, gzipped when asked. Changes are written sorted by (y, x, hlc, type) with
// zigzag-varint position deltas, and times as milliseconds past the batch's earliest change plus the
// logical counter, so a decoded batch lists its changes in that order. decode() never throws on bad
// input and enforces DecodeLimits before it allocates. An instance keeps its zlib streams for reuse:
// not thread-safe, one per thread or owner.
class BatchCodec {
  public:
    static constexpr std::uint8_t kVersion = 1;
    static constexpr std::uint8_t kFlagGzip = 0x01;
    static constexpr std::size_t kFrameHeaderSize = 14;
    static constexpr std::size_t kMaxOriginBytes = 32;

    BatchCodec();
    ~BatchCodec();
    BatchCodec(const BatchCodec&) = delete;
    BatchCodec& operator=(const BatchCodec&) = delete;

    // The wire bytes of `batch`. Throws std::invalid_argument for a batch no decoder would accept: an
    // invalid origin, sequence 0, or a change whose origin is neither empty nor the batch's.
    std::vector<std::uint8_t> encode(const Batch& batch, bool gzip);
    // The batch in `bytes`, or why it was rejected.
    DecodeResult decode(std::span<const std::uint8_t> bytes, const DecodeLimits& limits = {});

    // The frame header of an encoded batch if its magic, version and flags are valid (logs, metrics).
    static std::optional<BatchFrameHeader> peekHeader(std::span<const std::uint8_t> bytes);

  private:
    std::unique_ptr<GzipCompressor> compressor_;
    std::unique_ptr<GzipDecompressor> decompressor_;
    std::vector<std::uint8_t> scratch_;
};

}  // namespace mmo::codec
