#include "common/world/SnapshotFormat.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string>

#include "common/codec/ByteReader.hpp"
#include "common/codec/ByteWriter.hpp"
#include "common/world/SnapshotError.hpp"

namespace mmo::world {

namespace {

using codec::ByteReader;
using codec::ByteWriter;
using codec::ReadStatus;

constexpr std::array<std::uint8_t, 4> kMagic{'M', 'M', 'O', 'S'};
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kMaxRegionBytes = 32;
constexpr std::size_t kMinCellBytes = 5;

struct StoredCell {
    std::int32_t x;
    std::int32_t y;
    std::uint16_t type;
    std::uint64_t hlc;
    std::uint64_t region;  // 1-based index into the snapshot's region table
};

std::uint32_t crcOf(std::span<const std::uint8_t> data) {
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib takes uInt lengths: feed large bodies in pieces.
    while (!data.empty()) {
        const std::size_t n = std::min<std::size_t>(data.size(), 1u << 30);
        crc = crc32(crc, data.data(), static_cast<uInt>(n));
        data = data.subspan(n);
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace

std::vector<std::uint8_t> SnapshotFormat::encode(const World& world, const SyncPositions& positions) {
    std::vector<StoredCell> cells;
    std::map<std::string, std::uint64_t, std::less<>> region_index;
    std::vector<std::string> regions;
    world.forEachCell([&](const CellView& cell) {
        auto it = region_index.find(cell.origin);
        if (it == region_index.end()) {
            regions.emplace_back(cell.origin);
            it = region_index.emplace(std::string(cell.origin), regions.size()).first;
        }
        cells.push_back(StoredCell{cell.x, cell.y, cell.type, cell.hlc, it->second});
    });
    std::sort(cells.begin(), cells.end(),
              [](const StoredCell& a, const StoredCell& b) { return a.y != b.y ? a.y < b.y : a.x < b.x; });
    ByteWriter body(64 + cells.size() * 8);
    body.putVarint(positions.stream_seq);
    body.putVarint(positions.sources.size());
    for (const auto& [region, position] : positions.sources) {
        body.putString(region);
        body.putVarint(position.batch_seq);
        body.putVarint(position.stream_seq);
    }
    body.putVarint(regions.size());
    for (const std::string& region : regions) body.putString(region);
    body.putVarint(cells.size());
    std::int64_t prev_x = 0, prev_y = 0;
    for (const StoredCell& cell : cells) {
        body.putZigzag(cell.y - prev_y);
        body.putZigzag(cell.x - prev_x);
        body.putVarint(cell.type);
        body.putVarint(cell.hlc);
        body.putVarint(cell.region);
        prev_x = cell.x;
        prev_y = cell.y;
    }
    ByteWriter file(kHeaderSize + body.size());
    file.putBytes(kMagic);
    file.putU8(kVersion);
    file.putU8(0);  // flags
    file.putU8(0);  // reserved
    file.putU8(0);  // reserved
    file.putU64le(body.size());
    file.putU32le(crcOf(body.bytes()));
    file.putBytes(body.bytes());
    return file.take();
}

SyncPositions SnapshotFormat::decode(std::span<const std::uint8_t> bytes, const std::filesystem::path& file,
                                     World& into) {
    auto failure = [&file](SnapshotErrorKind kind, const std::string& detail) {
        return SnapshotError(kind, file, detail);
    };
    const std::size_t magic_seen = std::min(bytes.size(), kMagic.size());
    if (!std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(magic_seen), kMagic.begin()))
        throw failure(SnapshotErrorKind::BadMagic, "does not start with \"MMOS\"");
    if (bytes.size() < kHeaderSize)
        throw failure(SnapshotErrorKind::Truncated,
                      std::to_string(bytes.size()) + " bytes, shorter than the header");
    if (bytes[4] != kVersion)
        throw failure(SnapshotErrorKind::UnsupportedVersion,
                      "format version " + std::to_string(bytes[4]) + ", this node reads version 1");
    if (bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0)
        throw failure(SnapshotErrorKind::Malformed, "flags or reserved bytes are not zero");
    ByteReader header(bytes.subspan(8, 12));
    std::uint64_t body_size = 0;
    std::uint32_t crc = 0;
    header.getU64le(body_size);
    header.getU32le(crc);
    const std::span<const std::uint8_t> body_bytes = bytes.subspan(kHeaderSize);
    if (body_size > body_bytes.size())
        throw failure(SnapshotErrorKind::Truncated, "body of " + std::to_string(body_bytes.size()) +
                                                        " bytes, header declares " +
                                                        std::to_string(body_size));
    if (body_size < body_bytes.size())
        throw failure(SnapshotErrorKind::Malformed,
                      std::to_string(body_bytes.size() - body_size) + " bytes after the declared body");
    if (crcOf(body_bytes) != crc)
        throw failure(SnapshotErrorKind::ChecksumMismatch, "CRC-32 of the body differs");

    ByteReader body(body_bytes);
    auto need = [&](ReadStatus status, const char* what) {
        if (status != ReadStatus::Ok)
            throw failure(SnapshotErrorKind::Malformed,
                          std::string("bad ") + what + " at body offset " + std::to_string(body.position()));
    };
    SyncPositions positions;
    std::uint64_t count = 0;
    need(body.getVarint(positions.stream_seq), "stream sequence");
    need(body.getVarint(count), "source count");
    if (count > body.remaining() / 3)
        throw failure(SnapshotErrorKind::Malformed, "source count over the file size");
    for (std::uint64_t i = 0; i < count; ++i) {
        std::string_view region;
        SourcePosition position;
        need(body.getString(kMaxRegionBytes, region), "source region");
        need(body.getVarint(position.batch_seq), "source batch sequence");
        need(body.getVarint(position.stream_seq), "source stream sequence");
        positions.sources[std::string(region)] = position;
    }
    need(body.getVarint(count), "region count");
    if (count > body.remaining() / 2)
        throw failure(SnapshotErrorKind::Malformed, "region count over the file size");
    std::vector<std::string> regions;
    regions.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
        std::string_view region;
        need(body.getString(kMaxRegionBytes, region), "region id");
        if (region.empty())
            throw failure(SnapshotErrorKind::Malformed, "empty region id in the region table");
        regions.emplace_back(region);
    }
    need(body.getVarint(count), "cell count");
    if (count > body.remaining() / kMinCellBytes)
        throw failure(SnapshotErrorKind::Malformed, "cell count over the file size");
    std::vector<StoredCell> cells;
    cells.reserve(static_cast<std::size_t>(count));
    std::int64_t x = 0, y = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::int64_t dx = 0, dy = 0;
        std::uint64_t type = 0, hlc = 0, region = 0;
        need(body.getZigzag(dy), "cell y");
        need(body.getZigzag(dx), "cell x");
        need(body.getVarint(type), "cell type");
        need(body.getVarint(hlc), "cell hlc");
        need(body.getVarint(region), "cell region");
        constexpr std::int64_t kMaxDelta = std::int64_t{1} << 33;
        if (dx > kMaxDelta || dx < -kMaxDelta || dy > kMaxDelta || dy < -kMaxDelta)
            throw failure(SnapshotErrorKind::Malformed, "cell position delta out of range");
        x += dx;
        y += dy;
        if (x < std::numeric_limits<std::int32_t>::min() || x > std::numeric_limits<std::int32_t>::max() ||
            y < std::numeric_limits<std::int32_t>::min() || y > std::numeric_limits<std::int32_t>::max() ||
            type > std::numeric_limits<std::uint16_t>::max() || region == 0 || region > regions.size())
            throw failure(SnapshotErrorKind::Malformed, "cell " + std::to_string(i) + " out of range");
        cells.push_back(StoredCell{static_cast<std::int32_t>(x), static_cast<std::int32_t>(y),
                                   static_cast<std::uint16_t>(type), hlc, region});
    }
    if (body.remaining() != 0) throw failure(SnapshotErrorKind::Malformed, "bytes after the last cell");
    // Everything checked: only now touch the world.
    codec::BlockChange change;
    for (const StoredCell& cell : cells) {
        change.x = cell.x;
        change.y = cell.y;
        change.type = cell.type;
        change.hlc = cell.hlc;
        change.origin = regions[static_cast<std::size_t>(cell.region - 1)];
        into.apply(change);
    }
    return positions;
}

}  // namespace mmo::world
