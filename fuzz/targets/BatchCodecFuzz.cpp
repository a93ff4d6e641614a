// Fuzzes the sync batch decoder (docs/sync-wire-format.md) as SyncConsumer uses it, then the world's
// last-writer-wins apply of what it decoded.
//
// An input starting with "MMOB" is a whole message (frame header, plain or gzip payload). Any other input
// is a batch *body*: the target frames it twice, plain and gzip, with a correct size and CRC, so that
// mutations reach the body parser instead of dying at the checksum. Invariants:
//  - decode never crashes, and a fresh codec and a reused one (zlib streams kept, as in the node) agree;
//  - tighter DecodeLimits never accept more: a batch they accept decodes the same with the defaults and
//    is within them (change count, message size); the gzip path never inflates past the declared size;
//  - a decoded batch is valid (origin a region id, sequence >= 1, every change of that origin) and
//    round-trips: encode -> decode gives the same changes in canonical order, and re-encoding that gives
//    the same bytes;
//  - a body framed plain and framed gzip decode alike;
//  - applying the batch is idempotent and order-independent (same digest forwards, backwards, twice).
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/codec/BatchCodec.hpp"
#include "common/codec/GzipCompressor.hpp"
#include "common/regions/RegionId.hpp"
#include "common/world/World.hpp"
#include "fuzz/support/Chunker.hpp"
#include "fuzz/support/FuzzCheck.hpp"

namespace mmo::fuzz {
namespace {

using codec::Batch;
using codec::BatchCodec;
using codec::BlockChange;
using codec::DecodeLimits;
using codec::DecodeResult;
using Bytes = std::vector<std::uint8_t>;

bool sameOutcome(const DecodeResult& a, const DecodeResult& b) {
    if (a.ok() != b.ok()) return false;
    return a.ok() ? a.batch() == b.batch() : a.error().reason == b.error().reason;
}

bool sortsBefore(const BlockChange& a, const BlockChange& b) {
    if (a.y != b.y) return a.y < b.y;
    if (a.x != b.x) return a.x < b.x;
    if (a.hlc != b.hlc) return a.hlc < b.hlc;
    return a.type < b.type;
}

void checkValid(const Batch& batch) {
    MMO_FUZZ_CHECK(regions::isValidRegionId(batch.origin), "decoded origin is a region id");
    MMO_FUZZ_CHECK(batch.sequence >= 1, "decoded sequence starts at 1");
    for (const auto& change : batch.changes)
        MMO_FUZZ_CHECK(change.origin == batch.origin, "every change carries the batch's origin");
}

void checkRoundTrip(const Batch& batch, bool gzip) {
    BatchCodec codec;
    const Bytes encoded = codec.encode(batch, gzip);
    const DecodeResult again = codec.decode(encoded);
    MMO_FUZZ_CHECK(again.ok(), "an encoded batch decodes");
    Batch canonical = batch;
    std::sort(canonical.changes.begin(), canonical.changes.end(), sortsBefore);
    MMO_FUZZ_CHECK(again.batch() == canonical, "decode(encode(b)) is b in canonical order");
    MMO_FUZZ_CHECK(codec.encode(again.batch(), gzip) == encoded, "the encoding is canonical");
}

void checkApply(const Batch& batch) {
    world::World forwards;
    forwards.apply(batch);
    world::World backwards;
    for (auto it = batch.changes.rbegin(); it != batch.changes.rend(); ++it) backwards.apply(*it);
    MMO_FUZZ_CHECK(forwards.digest() == backwards.digest(), "apply is order-independent (digest)");
    MMO_FUZZ_CHECK(forwards.blockCount() == backwards.blockCount(), "apply is order-independent (blocks)");
    const std::uint64_t digest = forwards.digest();
    const auto counts = forwards.apply(batch);
    MMO_FUZZ_CHECK(counts.applied == 0, "apply is idempotent (nothing applies twice)");
    MMO_FUZZ_CHECK(forwards.digest() == digest, "apply is idempotent (digest)");
}

void checkDecoded(const Batch& batch, bool gzip) {
    checkValid(batch);
    checkRoundTrip(batch, gzip);
    checkApply(batch);
}

// Limits below the defaults, picked from the input so that the fuzzer explores them.
DecodeLimits tightLimits(std::span<const std::uint8_t> input) {
    Chunker pick(input, 1);
    DecodeLimits limits;
    limits.max_encoded_bytes = pick.nextRandom() % 8192;
    limits.max_decompressed_bytes = pick.nextRandom() % 8192;
    limits.max_changes = pick.nextRandom() % 512;
    return limits;
}

void checkMessage(std::span<const std::uint8_t> message) {
    BatchCodec fresh;
    const DecodeResult result = fresh.decode(message);
    if (tracing())
        trace(result.ok() ? "decoded " + std::to_string(result.batch().changes.size()) + " changes"
                          : result.error().format());
    static BatchCodec reused;  // the node keeps one codec per consumer, zlib streams included
    MMO_FUZZ_CHECK(sameOutcome(result, reused.decode(message)), "a reused codec decodes like a fresh one");

    const DecodeLimits limits = tightLimits(message);
    const DecodeResult tight = fresh.decode(message, limits);
    if (tight.ok()) {
        MMO_FUZZ_CHECK(result.ok() && result.batch() == tight.batch(),
                       "tight limits accept only what the defaults do");
        MMO_FUZZ_CHECK(message.size() <= limits.max_encoded_bytes, "max_encoded_bytes holds");
        MMO_FUZZ_CHECK(tight.batch().changes.size() <= limits.max_changes, "max_changes holds");
        const auto header = BatchCodec::peekHeader(message);
        MMO_FUZZ_CHECK(header && header->body_size <= limits.max_decompressed_bytes,
                       "max_decompressed_bytes holds");
    }
    if (!result.ok()) return;
    const auto header = BatchCodec::peekHeader(message);
    MMO_FUZZ_CHECK(header.has_value(), "a decoded message has a valid header");
    checkDecoded(result.batch(), header->gzip);
}

Bytes frame(std::span<const std::uint8_t> body, bool gzip) {
    const auto crc = static_cast<std::uint32_t>(crc32(0L, body.data(), static_cast<uInt>(body.size())));
    const auto size = static_cast<std::uint32_t>(body.size());
    Bytes out{'M', 'M', 'O', 'B', BatchCodec::kVersion, gzip ? BatchCodec::kFlagGzip : std::uint8_t{0}};
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(size >> (8 * i)));
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
    if (!gzip) {
        out.insert(out.end(), body.begin(), body.end());
    } else {
        static codec::GzipCompressor compressor(
            1);  // level 1: the fuzzer wants speed, the bytes do not matter
        compressor.compress(body, out);
    }
    return out;
}

void checkBody(std::span<const std::uint8_t> body) {
    BatchCodec codec;
    const DecodeResult plain = codec.decode(frame(body, false));
    const DecodeResult gzip = codec.decode(frame(body, true));
    if (tracing())
        trace(plain.ok() ? "body: decoded " + std::to_string(plain.batch().changes.size()) + " changes"
                         : "body: " + plain.error().format());
    MMO_FUZZ_CHECK(sameOutcome(plain, gzip), "a body decodes the same plain and gzipped");
    if (plain.ok()) checkDecoded(plain.batch(), false);
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    mmo::fuzz::checkMessage(input);
    static constexpr std::uint8_t kMagic[] = {'M', 'M', 'O', 'B'};
    if (size < 4 || !std::equal(kMagic, kMagic + 4, data)) mmo::fuzz::checkBody(input);
    return 0;
}
