#include "common/codec/BatchCodec.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/codec/BatchBody.hpp"
#include "common/codec/ByteReader.hpp"
#include "common/codec/ByteWriter.hpp"
#include "common/codec/GzipCompressor.hpp"
#include "common/codec/GzipDecompressor.hpp"

namespace mmo::codec {

namespace {

constexpr std::array<std::uint8_t, 4> kMagic{'M', 'M', 'O', 'B'};
constexpr std::size_t kVersionOffset = 4;
constexpr std::size_t kFlagsOffset = 5;
constexpr std::size_t kBodySizeOffset = 6;
constexpr std::size_t kCrcOffset = 10;
// Keep at most this much decompression scratch between calls.
constexpr std::size_t kScratchKeep = 1u << 20;
// zlib level of batch bodies. Delta + varint bodies leave deflate little to find: level 1 gives the same
// bytes per change as level 6 for random writes (+0.4% at 1000 changes) with less CPU (docs/benchmarks.md,
// codec).
constexpr int kGzipLevel = 1;

std::uint32_t crc32Of(std::span<const std::uint8_t> data) {
    // Bodies are bounded far below 4 GiB (DecodeLimits), so one zlib call covers them.
    return static_cast<std::uint32_t>(crc32(0L, data.data(), static_cast<uInt>(data.size())));
}

DecodeError error(DecodeReason reason, std::string message) {
    return DecodeError{reason, std::move(message)};
}

std::string sizeText(std::size_t n) {
    return std::to_string(n) + " bytes";
}

}  // namespace

BatchCodec::BatchCodec() = default;
BatchCodec::~BatchCodec() = default;

std::vector<std::uint8_t> BatchCodec::encode(const Batch& batch, bool gzip) {
    std::vector<std::uint8_t> body;
    BatchBody::write(batch, body);
    if (body.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("batch body over 4 GiB: split the batch");
    ByteWriter frame(kFrameHeaderSize + (gzip ? body.size() / 2 + 64 : body.size()));
    frame.putBytes(kMagic);
    frame.putU8(kVersion);
    frame.putU8(gzip ? kFlagGzip : 0);
    frame.putU32le(static_cast<std::uint32_t>(body.size()));
    frame.putU32le(crc32Of(body));
    std::vector<std::uint8_t> out = frame.take();
    if (!gzip) {
        out.insert(out.end(), body.begin(), body.end());
        return out;
    }
    if (!compressor_) compressor_ = std::make_unique<GzipCompressor>(kGzipLevel);
    compressor_->compress(body, out);
    return out;
}

std::optional<BatchFrameHeader> BatchCodec::peekHeader(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < kFrameHeaderSize || !std::equal(kMagic.begin(), kMagic.end(), bytes.begin()))
        return std::nullopt;
    if (bytes[kVersionOffset] != kVersion || (bytes[kFlagsOffset] & ~kFlagGzip) != 0) return std::nullopt;
    BatchFrameHeader header;
    header.version = bytes[kVersionOffset];
    header.gzip = (bytes[kFlagsOffset] & kFlagGzip) != 0;
    ByteReader reader(bytes.subspan(kBodySizeOffset));
    reader.getU32le(header.body_size);
    reader.getU32le(header.body_crc32);
    return header;
}

DecodeResult BatchCodec::decode(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
    if (bytes.size() > limits.max_encoded_bytes)
        return error(DecodeReason::EncodedTooLarge, "message of " + sizeText(bytes.size()) +
                                                        " over the limit of " +
                                                        sizeText(limits.max_encoded_bytes));
    const std::size_t magic_seen = std::min(bytes.size(), kMagic.size());
    if (!std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(magic_seen), kMagic.begin()))
        return error(DecodeReason::BadMagic, "message does not start with \"MMOB\"");
    if (bytes.size() <= kVersionOffset)
        return error(DecodeReason::Truncated,
                     "message of " + sizeText(bytes.size()) + " ends inside the frame header");
    if (bytes[kVersionOffset] != kVersion)
        return error(
            DecodeReason::UnsupportedVersion,
            "format version " + std::to_string(bytes[kVersionOffset]) + ", this decoder reads version 1");
    if (bytes.size() > kFlagsOffset && (bytes[kFlagsOffset] & ~kFlagGzip) != 0)
        return error(DecodeReason::UnknownFlags, "flags byte " + std::to_string(bytes[kFlagsOffset]) +
                                                     " has bits other than bit 0 (gzip) set");
    const std::optional<BatchFrameHeader> header = peekHeader(bytes);
    if (!header)
        return error(DecodeReason::Truncated,
                     "message of " + sizeText(bytes.size()) + " ends inside the frame header");
    if (header->body_size > limits.max_decompressed_bytes)
        return error(DecodeReason::DeclaredSizeTooLarge, "declared body of " + sizeText(header->body_size) +
                                                             " over the limit of " +
                                                             sizeText(limits.max_decompressed_bytes));
    const std::span<const std::uint8_t> payload = bytes.subspan(kFrameHeaderSize);
    std::span<const std::uint8_t> body;
    if (!header->gzip) {
        if (payload.size() < header->body_size)
            return error(DecodeReason::Truncated, "body of " + sizeText(payload.size()) +
                                                      ", header declared " + sizeText(header->body_size));
        if (payload.size() > header->body_size)
            return error(DecodeReason::TrailingBytes,
                         sizeText(payload.size() - header->body_size) + " after the declared body");
        body = payload;
    } else {
        if (!decompressor_) decompressor_ = std::make_unique<GzipDecompressor>();
        switch (decompressor_->decompress(payload, header->body_size, scratch_)) {
            case InflateStatus::Ok:
                break;
            case InflateStatus::TooLarge:
                return error(DecodeReason::DecompressedTooLarge,
                             "gzip stream inflates past the declared " + sizeText(header->body_size));
            case InflateStatus::Truncated:
                return error(DecodeReason::Truncated, "gzip stream ends early");
            case InflateStatus::Corrupt:
                return error(DecodeReason::CorruptCompression, "zlib rejected the gzip stream");
            case InflateStatus::TrailingData:
                return error(DecodeReason::TrailingBytes, "bytes after the end of the gzip stream");
        }
        if (scratch_.size() != header->body_size)
            return error(DecodeReason::SizeMismatch, "gzip stream inflates to " + sizeText(scratch_.size()) +
                                                         ", header declared " + sizeText(header->body_size));
        body = scratch_;
    }
    if (crc32Of(body) != header->body_crc32)
        return error(DecodeReason::ChecksumMismatch, "CRC-32 of the body does not match the header");
    Batch batch;
    std::optional<DecodeError> failure = BatchBody::read(body, limits, batch);
    if (scratch_.capacity() > kScratchKeep) std::vector<std::uint8_t>().swap(scratch_);
    if (failure) return std::move(*failure);
    return batch;
}

}  // namespace mmo::codec
