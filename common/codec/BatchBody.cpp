#include "common/codec/BatchBody.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/codec/ByteReader.hpp"
#include "common/codec/ByteWriter.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::codec {

namespace {

constexpr std::size_t kMaxOriginBytes = 32;
constexpr std::size_t kMinChangeBytes = 5;  // five varints of at least one byte each
constexpr int kLogicalBits = 16;
constexpr std::uint64_t kMaxLogical = 0xffff;
constexpr std::uint64_t kMaxPhysical = (std::uint64_t{1} << 48) - 1;

bool sortsBefore(const BlockChange* a, const BlockChange* b) {
    if (a->y != b->y) return a->y < b->y;
    if (a->x != b->x) return a->x < b->x;
    if (a->hlc != b->hlc) return a->hlc < b->hlc;
    return a->type < b->type;
}

DecodeError fail(DecodeReason reason, std::string what, const ByteReader& reader) {
    return DecodeError{reason, what + " at body offset " + std::to_string(reader.position())};
}

DecodeError readFailure(ReadStatus status, const std::string& field, const ByteReader& reader) {
    if (status == ReadStatus::Truncated)
        return fail(DecodeReason::Truncated, "body ends inside " + field, reader);
    return fail(DecodeReason::MalformedVarint, "malformed varint in " + field, reader);
}

}  // namespace

void BatchBody::write(const Batch& batch, std::vector<std::uint8_t>& out) {
    if (!regions::isValidRegionId(batch.origin))
        throw std::invalid_argument("batch origin '" + batch.origin + "' is not a valid region id");
    if (batch.sequence == 0) throw std::invalid_argument("batch sequence must start at 1");
    std::vector<const BlockChange*> sorted;
    sorted.reserve(batch.changes.size());
    // Positions sort and delta well; times are kept as milliseconds past the batch's earliest one plus
    // the raw logical counter (two short varints instead of one long one).
    std::uint64_t base_ms = batch.changes.empty() ? 0 : std::numeric_limits<std::uint64_t>::max();
    for (const BlockChange& change : batch.changes) {
        if (!change.origin.empty() && change.origin != batch.origin)
            throw std::invalid_argument("change from '" + change.origin + "' in a batch of '" + batch.origin +
                                        "'");
        base_ms = std::min(base_ms, change.hlc >> kLogicalBits);
        sorted.push_back(&change);
    }
    std::sort(sorted.begin(), sorted.end(), sortsBefore);

    ByteWriter writer(32 + batch.changes.size() * 8);
    writer.putString(batch.origin);
    writer.putVarint(batch.sequence);
    writer.putVarint(batch.created_hlc);
    writer.putVarint(base_ms);
    writer.putVarint(sorted.size());
    std::int64_t prev_x = 0;
    std::int64_t prev_y = 0;
    for (const BlockChange* change : sorted) {
        writer.putZigzag(change->y - prev_y);
        writer.putZigzag(change->x - prev_x);
        writer.putVarint(change->type);
        writer.putVarint((change->hlc >> kLogicalBits) - base_ms);
        writer.putVarint(change->hlc & kMaxLogical);
        prev_x = change->x;
        prev_y = change->y;
    }
    const auto& bytes = writer.bytes();
    out.insert(out.end(), bytes.begin(), bytes.end());
}

std::optional<DecodeError> BatchBody::read(std::span<const std::uint8_t> body, const DecodeLimits& limits,
                                           Batch& out) {
    ByteReader reader(body);
    // The origin in the documented order (sync-wire-format.md section 4, step 10): its length varint, the
    // length against 32 bytes (even when fewer bytes are left: invalid_origin wins over truncated), the
    // bytes themselves, then their characters.
    std::uint64_t originLength = 0;
    if (const ReadStatus st = reader.getVarint(originLength); st != ReadStatus::Ok)
        return readFailure(st, "origin length", reader);
    if (originLength > kMaxOriginBytes)
        return fail(DecodeReason::InvalidOrigin,
                    "origin length " + std::to_string(originLength) + " over 32 bytes", reader);
    std::span<const std::uint8_t> originBytes;
    if (const ReadStatus st = reader.getBytes(static_cast<std::size_t>(originLength), originBytes);
        st != ReadStatus::Ok)
        return readFailure(st, "origin", reader);
    const std::string_view origin(reinterpret_cast<const char*>(originBytes.data()), originBytes.size());
    if (!regions::isValidRegionId(origin))
        return fail(DecodeReason::InvalidOrigin, "origin is not a region id ([a-z0-9][a-z0-9-]{0,31})",
                    reader);
    std::uint64_t sequence = 0, created_hlc = 0, base_ms = 0, count = 0;
    if (const ReadStatus st = reader.getVarint(sequence); st != ReadStatus::Ok)
        return readFailure(st, "batch sequence", reader);
    if (sequence == 0)
        return fail(DecodeReason::InvalidSequence, "batch sequence 0 (sequences start at 1)", reader);
    if (const ReadStatus st = reader.getVarint(created_hlc); st != ReadStatus::Ok)
        return readFailure(st, "created hlc", reader);
    if (const ReadStatus st = reader.getVarint(base_ms); st != ReadStatus::Ok)
        return readFailure(st, "base milliseconds", reader);
    if (base_ms > kMaxPhysical)
        return fail(DecodeReason::ValueOutOfRange, "base milliseconds over 48 bits", reader);
    if (const ReadStatus st = reader.getVarint(count); st != ReadStatus::Ok)
        return readFailure(st, "change count", reader);
    if (count > limits.max_changes)
        return fail(
            DecodeReason::TooManyChanges,
            "change count " + std::to_string(count) + " over the limit " + std::to_string(limits.max_changes),
            reader);
    // Checked before reserving: a count the remaining bytes cannot hold is a lie, not an allocation.
    if (count > reader.remaining() / kMinChangeBytes)
        return fail(DecodeReason::Truncated,
                    "change count " + std::to_string(count) + " needs more than the " +
                        std::to_string(reader.remaining()) + " bytes left",
                    reader);

    out.origin.assign(origin);
    out.sequence = sequence;
    out.created_hlc = created_hlc;
    out.changes.clear();
    out.changes.reserve(static_cast<std::size_t>(count));
    std::int64_t x = 0;
    std::int64_t y = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        // Built only on failure: the happy path allocates nothing per change.
        auto field = [i](const char* part) { return "change " + std::to_string(i) + part; };
        std::int64_t dy = 0, dx = 0;
        std::uint64_t type = 0, dms = 0, logical = 0;
        if (const ReadStatus st = reader.getZigzag(dy); st != ReadStatus::Ok)
            return readFailure(st, field(" y"), reader);
        if (const ReadStatus st = reader.getZigzag(dx); st != ReadStatus::Ok)
            return readFailure(st, field(" x"), reader);
        if (const ReadStatus st = reader.getVarint(type); st != ReadStatus::Ok)
            return readFailure(st, field(" type"), reader);
        if (const ReadStatus st = reader.getVarint(dms); st != ReadStatus::Ok)
            return readFailure(st, field(" milliseconds"), reader);
        if (const ReadStatus st = reader.getVarint(logical); st != ReadStatus::Ok)
            return readFailure(st, field(" logical counter"), reader);
        // Deltas of a valid batch are within +-2^32; larger ones would overflow the int64 sum.
        constexpr std::int64_t kMaxDelta = std::int64_t{1} << 33;
        if (dy > kMaxDelta || dy < -kMaxDelta || dx > kMaxDelta || dx < -kMaxDelta)
            return fail(DecodeReason::ValueOutOfRange, field(" position delta out of range"), reader);
        y += dy;
        x += dx;
        if (x < std::numeric_limits<std::int32_t>::min() || x > std::numeric_limits<std::int32_t>::max() ||
            y < std::numeric_limits<std::int32_t>::min() || y > std::numeric_limits<std::int32_t>::max())
            return fail(DecodeReason::ValueOutOfRange, field(" position outside int32"), reader);
        if (type > std::numeric_limits<std::uint16_t>::max())
            return fail(DecodeReason::ValueOutOfRange, field(" block type over 65535"), reader);
        if (dms > kMaxPhysical - base_ms)
            return fail(DecodeReason::ValueOutOfRange, field(" milliseconds over 48 bits"), reader);
        if (logical > kMaxLogical)
            return fail(DecodeReason::ValueOutOfRange, field(" logical counter over 65535"), reader);
        const std::uint64_t hlc = ((base_ms + dms) << kLogicalBits) | logical;
        out.changes.push_back(BlockChange{static_cast<std::int32_t>(x), static_cast<std::int32_t>(y),
                                          static_cast<std::uint16_t>(type), hlc, out.origin});
    }
    if (reader.remaining() != 0)
        return fail(DecodeReason::TrailingBytes,
                    std::to_string(reader.remaining()) + " bytes after the last change", reader);
    return std::nullopt;
}

}  // namespace mmo::codec
