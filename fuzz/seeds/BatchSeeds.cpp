// Seeds of batch_codec: batches from the real encoder (plain and gzip), bare bodies (the target frames
// those itself), and one broken variant per rejection rule of docs/sync-wire-format.md section 4.
#include <zlib.h>

#include <vector>

#include "common/codec/BatchBody.hpp"
#include "common/codec/BatchCodec.hpp"
#include "common/codec/GzipCompressor.hpp"
#include "fuzz/seeds/SeedWriter.hpp"

namespace mmo::fuzz::seeds {

namespace {

using codec::Batch;
using codec::BlockChange;
using Bytes = std::vector<std::uint8_t>;

constexpr const char* kTarget = "batch_codec";
constexpr std::uint64_t kMs = 1704067200000;  // 2024-01-01T00:00:00Z

std::uint64_t hlc(std::uint64_t ms, std::uint64_t logical) {
    return (ms << 16) | logical;
}

Batch batchOf(std::vector<BlockChange> changes, std::uint64_t sequence = 1) {
    Batch batch{"eu-west-1", sequence, hlc(kMs + 10, 0), std::move(changes)};
    for (auto& change : batch.changes) change.origin = batch.origin;
    return batch;
}

std::vector<BlockChange> guideChanges() {
    return {{100, 50, 1, hlc(kMs, 0), {}}, {101, 50, 2, hlc(kMs, 1), {}}, {100, 51, 0, hlc(kMs + 3, 0), {}}};
}

std::vector<BlockChange> edgeChanges() {
    return {{-2147483647 - 1, -2147483647 - 1, 65535, hlc(kMs, 65535), {}},
            {2147483647, 2147483647, 1, hlc(kMs, 0), {}},
            {0, 0, 3, hlc(kMs + 1, 2), {}},
            {0, 0, 0, hlc(kMs + 1, 2), {}},  // the same cell: placed and removed at the same time
            {0, 0, 3, hlc(kMs + 1, 2), {}}};
}

std::vector<BlockChange> rowChanges(int count) {
    std::vector<BlockChange> changes;
    for (int i = 0; i < count; ++i)
        changes.push_back(
            {i * 7 % 100, i / 10, static_cast<std::uint16_t>(1 + i % 15), hlc(kMs + i, i % 3), {}});
    return changes;
}

Bytes bodyOf(const Batch& batch) {
    Bytes body;
    codec::BatchBody::write(batch, body);
    return body;
}

void putU32(Bytes& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// A frame around `body` whose header declares `declared` bytes (and the right CRC of body).
Bytes frameDeclaring(const Bytes& body, std::uint32_t declared, bool gzip) {
    Bytes out{'M', 'M', 'O', 'B', 1, static_cast<std::uint8_t>(gzip ? 1 : 0), 0, 0, 0, 0, 0, 0, 0, 0};
    putU32(out, 6, declared);
    putU32(out, 10, static_cast<std::uint32_t>(crc32(0L, body.data(), static_cast<uInt>(body.size()))));
    if (gzip) {
        codec::GzipCompressor compressor;
        compressor.compress(body, out);
    } else {
        out.insert(out.end(), body.begin(), body.end());
    }
    return out;
}

void writeValid(SeedWriter& out, codec::BatchCodec& codec) {
    const std::pair<const char*, Batch> batches[] = {
        {"empty", batchOf({})},
        {"guide", batchOf(guideChanges(), 42)},
        {"edges", batchOf(edgeChanges(), 0xffffffffffffffffull)},
        {"rows-60", batchOf(rowChanges(60), 7)},
    };
    for (const auto& [name, batch] : batches) {
        out.write(kTarget, std::string(name) + "-plain.mmob", codec.encode(batch, false));
        out.write(kTarget, std::string(name) + "-gzip.mmob", codec.encode(batch, true));
        out.write(kTarget, std::string(name) + ".body", bodyOf(batch));
    }
}

void writeBroken(SeedWriter& out, codec::BatchCodec& codec) {
    const Bytes plain = codec.encode(batchOf(guideChanges()), false);
    const Bytes gzip = codec.encode(batchOf(guideChanges()), true);
    const Bytes body = bodyOf(batchOf(guideChanges()));

    out.write(kTarget, "bad-magic.mmob", Bytes{'M', 'M', 'O', 'X', 0x01, 0x00});
    out.write(kTarget, "truncated-magic.mmob", Bytes{'M', 'M'});
    out.write(kTarget, "version-2.mmob", Bytes{'M', 'M', 'O', 'B', 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    out.write(kTarget, "unknown-flags.mmob", Bytes{'M', 'M', 'O', 'B', 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0});
    out.write(kTarget, "truncated-header.mmob", Bytes(plain.begin(), plain.begin() + 9));
    out.write(kTarget, "truncated-body.mmob", Bytes(plain.begin(), plain.end() - 3));
    Bytes trailing = plain;
    trailing.push_back(0);
    out.write(kTarget, "trailing-byte.mmob", trailing);
    Bytes badCrc = plain;
    badCrc[10] ^= 0xff;
    out.write(kTarget, "bad-crc.mmob", badCrc);
    out.write(kTarget, "declared-over-limit.mmob", frameDeclaring(body, (16u << 20) + 1, false));
    out.write(kTarget, "declared-4gib-gzip.mmob", frameDeclaring(body, 0xffffffffu, true));
    // A gzip bomb: 1 MiB of zeros (about 1 KiB of gzip) in a frame declaring 100 bytes.
    out.write(kTarget, "gzip-bomb.mmob", frameDeclaring(Bytes(1u << 20, 0), 100, true));
    out.write(kTarget, "gzip-short.mmob",
              frameDeclaring(body, static_cast<std::uint32_t>(body.size() + 5), true));
    Bytes gzipTrailing = gzip;
    gzipTrailing.insert(gzipTrailing.end(), {0x1f, 0x8b});
    out.write(kTarget, "gzip-trailing.mmob", gzipTrailing);
    out.write(kTarget, "gzip-truncated.mmob", Bytes(gzip.begin(), gzip.end() - 6));
    Bytes gzipCorrupt = gzip;
    gzipCorrupt[30] ^= 0x55;  // inside the deflate data
    out.write(kTarget, "gzip-corrupt.mmob", gzipCorrupt);

    // Bodies that break one rule each (the target frames them with a correct CRC). Origin "eu" is 02 65 75.
    out.write(kTarget, "sequence-0.body", Bytes{0x02, 'e', 'u', 0x00, 0x00, 0x00, 0x00});
    out.write(kTarget, "origin-uppercase.body", Bytes{0x02, 'E', 'U', 0x01, 0x00, 0x00, 0x00});
    Bytes longOrigin{33};
    longOrigin.insert(longOrigin.end(), 33, 'a');
    longOrigin.insert(longOrigin.end(), {0x01, 0x00, 0x00, 0x00});
    out.write(kTarget, "origin-too-long.body", longOrigin);
    out.write(kTarget, "count-lie.body", Bytes{0x02, 'e', 'u', 0x01, 0x00, 0x00, 0xff, 0xff, 0x03});
    out.write(kTarget, "varint-not-shortest.body", Bytes{0x02, 'e', 'u', 0x81, 0x00, 0x00, 0x00, 0x00});
    out.write(kTarget, "varint-11-bytes.body",
              Bytes{0x02, 'e', 'u', 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                    0x00, 0x00});
    // count 1, dy 0, dx zigzag 2^32 (x = 2^31), type 1, dms 0, logical 0.
    out.write(
        kTarget, "x-out-of-int32.body",
        Bytes{0x02, 'e', 'u', 0x01, 0x00, 0x00, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10, 0x01, 0x00, 0x00});
    // count 1, logical 65536.
    out.write(kTarget, "logical-over-16-bits.body",
              Bytes{0x02, 'e', 'u', 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x80, 0x80, 0x04});
    // base_ms 2^48.
    out.write(kTarget, "base-ms-over-48-bits.body",
              Bytes{0x02, 'e', 'u', 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00});
}

}  // namespace

void writeBatchSeeds(SeedWriter& out) {
    codec::BatchCodec codec;
    writeValid(out, codec);
    writeBroken(out, codec);
}

}  // namespace mmo::fuzz::seeds
