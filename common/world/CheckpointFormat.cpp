#include "common/world/CheckpointFormat.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>

#include "common/codec/ByteReader.hpp"
#include "common/codec/ByteWriter.hpp"
#include "common/codec/GzipCompressor.hpp"
#include "common/codec/GzipDecompressor.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::world {

namespace {

using codec::ByteReader;
using codec::ByteWriter;
using codec::ReadStatus;

constexpr std::array<std::uint8_t, 4> kChunkMagic{'M', 'M', 'O', 'C'};
constexpr std::array<std::uint8_t, 4> kRoundMagic{'M', 'M', 'O', 'R'};
constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kFlagGzip = 0x01;
constexpr std::size_t kCellsPerChunk = World::kChunkSide * World::kChunkSide;
constexpr std::size_t kMaxRegionBytes = 32;
constexpr std::size_t kMinCellBytes = 4;    // index delta, type, hlc delta, origin: a byte each at least
constexpr std::size_t kMinSourceBytes = 4;  // region (length + 1 byte), batch seq, stream seq
constexpr std::size_t kMinOriginBytes = 2;  // length + 1 byte

std::uint32_t crcOf(std::span<const std::uint8_t> data) {
    return static_cast<std::uint32_t>(
        crc32(crc32(0L, Z_NULL, 0), data.data(), static_cast<uInt>(data.size())));
}

[[noreturn]] void fail(const std::string& what) {
    throw CheckpointDecodeError(what);
}

std::vector<std::uint8_t> frame(const std::array<std::uint8_t, 4>& magic, std::uint8_t flags,
                                std::span<const std::uint8_t> body) {
    ByteWriter out(CheckpointFormat::kHeaderSize + body.size());
    out.putBytes(magic);
    out.putU8(kVersion);
    out.putU8(flags);
    out.putU8(0);
    out.putU8(0);
    out.putU32le(static_cast<std::uint32_t>(body.size()));
    out.putU32le(crcOf(body));
    out.putBytes(body);
    return out.take();
}

// Checks the 16-byte header and the CRC; returns the stored body and the flags.
std::span<const std::uint8_t> unframe(std::span<const std::uint8_t> bytes,
                                      const std::array<std::uint8_t, 4>& magic, const char* name,
                                      const CheckpointLimits& limits, std::uint8_t& flags) {
    if (bytes.size() > limits.maxStoredBytes + CheckpointFormat::kHeaderSize)
        fail(std::string(name) + ": " + std::to_string(bytes.size()) + " bytes, over the limit of " +
             std::to_string(limits.maxStoredBytes));
    if (bytes.size() < CheckpointFormat::kHeaderSize)
        fail(std::string(name) + ": truncated header (" + std::to_string(bytes.size()) + " bytes)");
    if (!std::equal(magic.begin(), magic.end(), bytes.begin()))
        fail(std::string(name) + ": bad magic (expected \"" + std::string(magic.begin(), magic.end()) +
             "\")");
    if (bytes[4] != kVersion) fail(std::string(name) + ": unsupported version " + std::to_string(bytes[4]));
    flags = bytes[5];
    if (bytes[6] != 0 || bytes[7] != 0) fail(std::string(name) + ": reserved bytes are not zero");
    ByteReader header(bytes.subspan(8, 8));
    std::uint32_t length = 0, crc = 0;
    header.getU32le(length);
    header.getU32le(crc);
    const auto body = bytes.subspan(CheckpointFormat::kHeaderSize);
    if (length != body.size())
        fail(std::string(name) + ": header declares a body of " + std::to_string(length) + " bytes, " +
             std::to_string(body.size()) + " present");
    if (crcOf(body) != crc) fail(std::string(name) + ": CRC-32 of the body differs");
    return body;
}

void need(ReadStatus status, const ByteReader& reader, const char* what) {
    if (status != ReadStatus::Ok)
        fail(std::string("chunk checkpoint: bad ") + what + " at body offset " +
             std::to_string(reader.position()));
}

std::string readRegion(ByteReader& reader, const char* what) {
    std::string_view id;
    need(reader.getString(kMaxRegionBytes, id), reader, what);
    if (!regions::isValidRegionId(id)) fail(std::string("chunk checkpoint: invalid ") + what);
    return std::string(id);
}

std::int32_t toInt32(std::int64_t value, const char* what) {
    if (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max())
        fail(std::string("chunk checkpoint: ") + what + " out of range");
    return static_cast<std::int32_t>(value);
}

}  // namespace

std::vector<std::uint8_t> CheckpointFormat::encodeChunk(const ChunkCheckpoint& checkpoint, bool gzip) {
    if (!gzip) return encodeChunk(checkpoint, nullptr);
    codec::GzipCompressor compressor(1);
    return encodeChunk(checkpoint, &compressor);
}

std::vector<std::uint8_t> CheckpointFormat::encodeChunk(const ChunkCheckpoint& checkpoint,
                                                        codec::GzipCompressor* gzip) {
    std::vector<std::string_view> origins;
    std::uint64_t baseHlc = std::numeric_limits<std::uint64_t>::max();
    struct Stored {
        std::size_t index;
        const codec::BlockChange* cell;
    };
    std::vector<Stored> stored;
    stored.reserve(checkpoint.cells.size());
    for (const auto& cell : checkpoint.cells) {
        if (World::chunkOf(cell.x, cell.y) != checkpoint.chunk)
            throw std::invalid_argument("chunk checkpoint: a cell lies outside its chunk");
        const auto lx = static_cast<std::size_t>(cell.x & (World::kChunkSide - 1));
        const auto ly = static_cast<std::size_t>(cell.y & (World::kChunkSide - 1));
        stored.push_back({ly * World::kChunkSide + lx, &cell});
        baseHlc = std::min(baseHlc, cell.hlc);
        if (std::find(origins.begin(), origins.end(), cell.origin) == origins.end())
            origins.push_back(cell.origin);
    }
    if (stored.empty()) baseHlc = 0;
    std::sort(stored.begin(), stored.end(),
              [](const Stored& a, const Stored& b) { return a.index < b.index; });
    ByteWriter body(64 + stored.size() * 6);
    body.putZigzag(checkpoint.chunk.cx);
    body.putZigzag(checkpoint.chunk.cy);
    body.putVarint(checkpoint.coveredStreamSeq);
    body.putString(checkpoint.writer);
    body.putVarint(baseHlc);
    body.putVarint(origins.size());
    for (const auto origin : origins) body.putString(origin);
    body.putVarint(stored.size());
    std::size_t next = 0;  // the smallest index the next cell may have
    for (const auto& [index, cell] : stored) {
        body.putVarint(index - next);
        body.putVarint(cell->type);
        body.putVarint(cell->hlc - baseHlc);
        body.putVarint(static_cast<std::uint64_t>(std::find(origins.begin(), origins.end(), cell->origin) -
                                                  origins.begin() + 1));
        next = index + 1;
    }
    if (!gzip) return frame(kChunkMagic, 0, body.bytes());
    std::vector<std::uint8_t> compressed;
    gzip->compress(body.bytes(), compressed);
    return frame(kChunkMagic, kFlagGzip, compressed);
}

ChunkCheckpoint CheckpointFormat::decodeChunk(std::span<const std::uint8_t> bytes,
                                              const CheckpointLimits& limits) {
    std::uint8_t flags = 0;
    const auto stored = unframe(bytes, kChunkMagic, "chunk checkpoint", limits, flags);
    if ((flags & ~kFlagGzip) != 0) fail("chunk checkpoint: unknown flags");
    std::vector<std::uint8_t> inflated;
    std::span<const std::uint8_t> bodyBytes = stored;
    if (flags & kFlagGzip) {
        const auto status = codec::GzipDecompressor().decompress(stored, limits.maxBodyBytes, inflated);
        if (status == codec::InflateStatus::TooLarge)
            fail("chunk checkpoint: body inflates past " + std::to_string(limits.maxBodyBytes) + " bytes");
        if (status != codec::InflateStatus::Ok) fail("chunk checkpoint: the gzip body does not inflate");
        bodyBytes = inflated;
    } else if (stored.size() > limits.maxBodyBytes) {
        fail("chunk checkpoint: body over " + std::to_string(limits.maxBodyBytes) + " bytes");
    }
    ByteReader body(bodyBytes);
    ChunkCheckpoint checkpoint;
    std::int64_t cx = 0, cy = 0;
    need(body.getZigzag(cx), body, "chunk x");
    need(body.getZigzag(cy), body, "chunk y");
    constexpr std::int64_t kChunkLimit = std::int64_t{1} << (31 - World::kChunkBits);
    if (cx < -kChunkLimit || cx >= kChunkLimit || cy < -kChunkLimit || cy >= kChunkLimit)
        fail("chunk checkpoint: chunk coordinates out of range");
    checkpoint.chunk = ChunkCoord{static_cast<std::int32_t>(cx), static_cast<std::int32_t>(cy)};
    need(body.getVarint(checkpoint.coveredStreamSeq), body, "covered stream sequence");
    checkpoint.writer = readRegion(body, "writer region");
    std::uint64_t baseHlc = 0, count = 0;
    need(body.getVarint(baseHlc), body, "base hlc");
    need(body.getVarint(count), body, "origin count");
    if (count > kCellsPerChunk || count > body.remaining() / kMinOriginBytes)
        fail("chunk checkpoint: origin count " + std::to_string(count) + " over the bytes present");
    std::vector<std::string> origins;
    origins.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) origins.push_back(readRegion(body, "origin region"));
    need(body.getVarint(count), body, "cell count");
    if (count > kCellsPerChunk || count > body.remaining() / kMinCellBytes)
        fail("chunk checkpoint: cell count " + std::to_string(count) + " over the bytes present");
    checkpoint.cells.reserve(static_cast<std::size_t>(count));
    const std::int64_t baseX = cx * World::kChunkSide;
    const std::int64_t baseY = cy * World::kChunkSide;
    std::uint64_t next = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t delta = 0, type = 0, hlcDelta = 0, origin = 0;
        need(body.getVarint(delta), body, "cell index");
        need(body.getVarint(type), body, "cell type");
        need(body.getVarint(hlcDelta), body, "cell hlc");
        need(body.getVarint(origin), body, "cell origin");
        if (delta >= kCellsPerChunk || next + delta >= kCellsPerChunk)
            fail("chunk checkpoint: cell " + std::to_string(i) + " index out of range");
        const std::uint64_t index = next + delta;
        next = index + 1;
        if (type > std::numeric_limits<std::uint16_t>::max())
            fail("chunk checkpoint: cell " + std::to_string(i) + " type out of range");
        if (hlcDelta > std::numeric_limits<std::uint64_t>::max() - baseHlc)
            fail("chunk checkpoint: cell " + std::to_string(i) + " hlc out of range");
        if (origin == 0 || origin > origins.size())
            fail("chunk checkpoint: cell " + std::to_string(i) + " origin out of range");
        codec::BlockChange cell;
        cell.x = toInt32(baseX + static_cast<std::int64_t>(index % World::kChunkSide), "cell x");
        cell.y = toInt32(baseY + static_cast<std::int64_t>(index / World::kChunkSide), "cell y");
        cell.type = static_cast<std::uint16_t>(type);
        cell.hlc = baseHlc + hlcDelta;
        cell.origin = origins[static_cast<std::size_t>(origin - 1)];
        checkpoint.cells.push_back(std::move(cell));
    }
    if (body.remaining() != 0) fail("chunk checkpoint: bytes after the last cell");
    return checkpoint;
}

std::vector<std::uint8_t> CheckpointFormat::encodeRound(const CheckpointRound& round) {
    ByteWriter body(64 + round.positions.sources.size() * 48);
    body.putVarint(round.streamSeq);
    body.putString(round.writer);
    body.putVarint(round.chunks);
    body.putVarint(round.writtenAtMillis);
    body.putVarint(round.positions.sources.size());
    for (const auto& [region, position] : round.positions.sources) {
        body.putString(region);
        body.putVarint(position.batch_seq);
        body.putVarint(position.stream_seq);
    }
    return frame(kRoundMagic, 0, body.bytes());
}

CheckpointRound CheckpointFormat::decodeRound(std::span<const std::uint8_t> bytes,
                                              const CheckpointLimits& limits) {
    std::uint8_t flags = 0;
    const auto stored = unframe(bytes, kRoundMagic, "checkpoint round", limits, flags);
    if (flags != 0) fail("checkpoint round: unknown flags");
    ByteReader body(stored);
    CheckpointRound round;
    need(body.getVarint(round.streamSeq), body, "stream sequence");
    round.writer = readRegion(body, "writer region");
    need(body.getVarint(round.chunks), body, "chunk count");
    need(body.getVarint(round.writtenAtMillis), body, "time");
    std::uint64_t count = 0;
    need(body.getVarint(count), body, "source count");
    if (count > body.remaining() / kMinSourceBytes)
        fail("checkpoint round: source count " + std::to_string(count) + " over the bytes present");
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::string region = readRegion(body, "source region");
        SourcePosition position;
        need(body.getVarint(position.batch_seq), body, "source batch sequence");
        need(body.getVarint(position.stream_seq), body, "source stream sequence");
        round.positions.sources[region] = position;
    }
    if (body.remaining() != 0) fail("checkpoint round: bytes after the last source");
    round.positions.stream_seq = round.streamSeq;
    return round;
}

}  // namespace mmo::world
