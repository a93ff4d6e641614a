// Fuzzes the world store decoders (docs/sync-wire-format.md, "World store") as a bootstrapping node uses
// them: "MMOC" chunk checkpoints and "MMOR" round records, then the merge of a decoded chunk into worlds.
//
// An input starting with "MMOC" or "MMOR" is a whole message. Any other input is a chunk checkpoint
// *body*: the target frames it plain and gzip with a correct length and CRC, so that mutations reach the
// body parser instead of dying at the checksum. Invariants:
//  - decoding never crashes, and only ever throws CheckpointDecodeError;
//  - declared sizes are checked before allocation: tighter limits never accept more, and an accepted
//    chunk holds at most 1024 cells, every one inside its chunk, with a valid origin;
//  - an accepted message round-trips: encode -> decode gives the same value;
//  - a body framed plain and framed gzip decode alike;
//  - merging a decoded chunk is idempotent and order-independent (same digest forwards, backwards, twice).
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/codec/ByteWriter.hpp"
#include "common/codec/GzipCompressor.hpp"
#include "common/regions/RegionId.hpp"
#include "common/world/CheckpointFormat.hpp"
#include "common/world/World.hpp"
#include "fuzz/support/FuzzCheck.hpp"

namespace mmo::fuzz {
namespace {

using world::CheckpointDecodeError;
using world::CheckpointFormat;
using world::CheckpointLimits;
using world::ChunkCheckpoint;
using Bytes = std::vector<std::uint8_t>;

template <typename Decode>
auto attempt(Decode decode) -> std::optional<decltype(decode())> {
    try {
        return decode();
    } catch (const CheckpointDecodeError&) {
        return std::nullopt;
    }
}

void checkMerge(const ChunkCheckpoint& checkpoint) {
    world::World forwards, backwards;
    forwards.apply(std::span<const codec::BlockChange>(checkpoint.cells));
    forwards.apply(std::span<const codec::BlockChange>(checkpoint.cells));
    std::vector<codec::BlockChange> reversed(checkpoint.cells.rbegin(), checkpoint.cells.rend());
    backwards.apply(std::span<const codec::BlockChange>(reversed));
    MMO_FUZZ_CHECK(forwards.digest() == backwards.digest(), "merge is order-independent and idempotent");
    MMO_FUZZ_CHECK(forwards.cellCount() == checkpoint.cells.size(), "every decoded cell is a distinct cell");
}

void checkChunk(std::span<const std::uint8_t> message) {
    const auto decoded = attempt([&] { return CheckpointFormat::decodeChunk(message, {}); });
    CheckpointLimits tight;
    tight.maxStoredBytes = 512;
    tight.maxBodyBytes = 512;
    const auto tightDecoded = attempt([&] { return CheckpointFormat::decodeChunk(message, tight); });
    if (tightDecoded)
        MMO_FUZZ_CHECK(decoded && *decoded == *tightDecoded, "tighter limits never accept more");
    if (!decoded) return;
    const ChunkCheckpoint& checkpoint = *decoded;
    MMO_FUZZ_CHECK(checkpoint.cells.size() <= 1024, "a chunk holds at most 1024 cells");
    MMO_FUZZ_CHECK(regions::isValidRegionId(checkpoint.writer), "the writer is a region id");
    for (const auto& cell : checkpoint.cells) {
        MMO_FUZZ_CHECK(world::World::chunkOf(cell.x, cell.y) == checkpoint.chunk,
                       "every cell lies in its chunk");
        MMO_FUZZ_CHECK(regions::isValidRegionId(cell.origin), "every origin is a region id");
    }
    for (const bool gzip : {false, true}) {
        const auto again = CheckpointFormat::decodeChunk(CheckpointFormat::encodeChunk(checkpoint, gzip), {});
        MMO_FUZZ_CHECK(again == checkpoint, "a decoded chunk checkpoint round-trips");
    }
    checkMerge(checkpoint);
}

void checkRound(std::span<const std::uint8_t> message) {
    const auto decoded = attempt([&] { return CheckpointFormat::decodeRound(message, {}); });
    if (!decoded) return;
    MMO_FUZZ_CHECK(regions::isValidRegionId(decoded->writer), "the writer is a region id");
    const auto again = CheckpointFormat::decodeRound(CheckpointFormat::encodeRound(*decoded), {});
    MMO_FUZZ_CHECK(again == *decoded, "a decoded round record round-trips");
}

Bytes frame(std::span<const std::uint8_t> body, std::uint8_t flags) {
    codec::ByteWriter out(16 + body.size());
    const std::uint8_t magic[] = {'M', 'M', 'O', 'C'};
    out.putBytes(magic);
    out.putU8(1);
    out.putU8(flags);
    out.putU8(0);
    out.putU8(0);
    out.putU32le(static_cast<std::uint32_t>(body.size()));
    out.putU32le(
        static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), body.data(), static_cast<uInt>(body.size()))));
    out.putBytes(body);
    return out.take();
}

void checkBody(std::span<const std::uint8_t> body) {
    const Bytes plain = frame(body, 0);
    Bytes compressed;
    codec::GzipCompressor().compress(body, compressed);
    const Bytes gzipped = frame(compressed, 1);
    checkChunk(plain);
    const auto a = attempt([&] { return CheckpointFormat::decodeChunk(plain, {}); });
    const auto b = attempt([&] { return CheckpointFormat::decodeChunk(gzipped, {}); });
    MMO_FUZZ_CHECK(a.has_value() == b.has_value() && (!a || *a == *b), "plain and gzip framing decode alike");
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    static constexpr std::uint8_t kChunk[] = {'M', 'M', 'O', 'C'};
    static constexpr std::uint8_t kRound[] = {'M', 'M', 'O', 'R'};
    if (size >= 4 && std::equal(kChunk, kChunk + 4, data))
        mmo::fuzz::checkChunk(input);
    else if (size >= 4 && std::equal(kRound, kRound + 4, data))
        mmo::fuzz::checkRound(input);
    else
        mmo::fuzz::checkBody(input);
    return 0;
}
