#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "common/codec/Batch.hpp"
#include "common/codec/ByteWriter.hpp"
#include "common/codec/HybridLogicalClock.hpp"

// Shared test data for the codec tests: random batches and hand-built frames.
namespace mmo::codec::testdata {

// `count` random writes in a 1000x1000 area, one every millisecond, from `origin`.
inline Batch randomBatch(std::size_t count, std::uint32_t seed, const std::string& origin = "eu-west-1") {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::int32_t> coord(0, 999);
    std::uniform_int_distribution<int> type(0, 15);
    const std::uint64_t start_ms = 1'700'000'000'000;
    Batch batch{origin, 1, 0, {}};
    for (std::size_t i = 0; i < count; ++i)
        batch.changes.push_back(BlockChange{coord(rng), coord(rng), static_cast<std::uint16_t>(type(rng)),
                                            HybridLogicalClock::pack(start_ms + i, 0), origin});
    batch.created_hlc = HybridLogicalClock::pack(start_ms + count, 0);
    return batch;
}

// The changes in the canonical wire order (y, x, hlc, type).
inline std::vector<BlockChange> sortedChanges(std::vector<BlockChange> changes) {
    std::sort(changes.begin(), changes.end(), [](const BlockChange& a, const BlockChange& b) {
        if (a.y != b.y) return a.y < b.y;
        if (a.x != b.x) return a.x < b.x;
        if (a.hlc != b.hlc) return a.hlc < b.hlc;
        return a.type < b.type;
    });
    return changes;
}

// Gzip of `data` (one member) via zlib, independent of GzipCompressor.
inline std::vector<std::uint8_t> gzipOf(std::span<const std::uint8_t> data) {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
    std::vector<std::uint8_t> out(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = const_cast<Bytef*>(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(out.size() - zs.avail_out);
    deflateEnd(&zs);
    return out;
}

// A frame around `body` with the given header fields; payload is gzipped when flags bit 0 is set.
inline std::vector<std::uint8_t> frame(std::span<const std::uint8_t> body, std::uint8_t flags = 0,
                                       std::uint32_t declared_size = 0xffffffffu, std::uint8_t version = 1) {
    ByteWriter w;
    for (char c : std::string("MMOB")) w.putU8(static_cast<std::uint8_t>(c));
    w.putU8(version);
    w.putU8(flags);
    w.putU32le(declared_size == 0xffffffffu ? static_cast<std::uint32_t>(body.size()) : declared_size);
    w.putU32le(static_cast<std::uint32_t>(crc32(0L, body.data(), static_cast<uInt>(body.size()))));
    if (flags & 1)
        w.putBytes(gzipOf(body));
    else
        w.putBytes(body);
    return w.take();
}

// A body with the given header fields, ready for change records to be appended.
inline ByteWriter bodyHeader(const std::string& origin, std::uint64_t seq, std::uint64_t count) {
    ByteWriter w;
    w.putString(origin);
    w.putVarint(seq);
    w.putVarint(0);  // created hlc
    w.putVarint(0);  // base milliseconds
    w.putVarint(count);
    return w;
}

}  // namespace mmo::codec::testdata
