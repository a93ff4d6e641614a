#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "common/codec/ByteWriter.hpp"

namespace mmo::sync {

// The byte layout of outbox.log (docs/sync.md, "The outbox"): a fixed header, then framed records
// [u32le payload length][u8 type][payload][u32le crc32(type + payload)].
struct OutboxHeader {
    static constexpr std::uint8_t kMagic[4] = {'M', 'M', 'O', 'O'};
    static constexpr std::uint8_t kVersion = 1;
    // magic(4) + version(1) + epoch(8) + sequence floor(8) + crc32(4).
    static constexpr std::size_t kSize = 25;

    std::uint64_t epoch = 0;
    std::uint64_t seqFloor = 1;  // no batch sealed after this file was written gets a lower sequence
};

enum class OutboxRecordType : std::uint8_t { Change = 1, Seal = 2, Published = 3 };

// One decoded record.
struct OutboxRecord {
    OutboxRecordType type = OutboxRecordType::Change;
    codec::BlockChange change;   // Change
    std::uint64_t sequence = 0;  // Seal, Published
    std::uint32_t count = 0;     // Seal
};

// Framing bytes around a payload: length(4) + type(1) + crc(4).
inline constexpr std::size_t kOutboxFrameBytes = 9;
// Largest payload a valid record has (a change needs at most 5+5+3+10 bytes); a larger declared length
// is corruption, so a damaged length never makes us allocate or skip far.
inline constexpr std::uint32_t kOutboxMaxPayload = 64;

// Appends the header bytes (with their CRC).
void encodeOutboxHeader(const OutboxHeader& header, codec::ByteWriter& out);
// Decodes the first kSize bytes; nullopt when the magic, version or CRC is wrong or bytes are missing.
std::optional<OutboxHeader> decodeOutboxHeader(std::span<const std::uint8_t> bytes);

// Appends one framed record.
void encodeOutboxChange(const codec::BlockChange& change, codec::ByteWriter& out);
void encodeOutboxSeal(std::uint64_t sequence, std::uint32_t count, codec::ByteWriter& out);
void encodeOutboxPublished(std::uint64_t sequence, codec::ByteWriter& out);

// Decodes the framed record at the start of `bytes`. Returns nullopt when it is torn (bytes missing) or
// corrupt (length out of bounds, CRC mismatch, unknown type, payload not exactly one valid value);
// otherwise sets `consumed` to the record's size in bytes.
std::optional<OutboxRecord> decodeOutboxRecord(std::span<const std::uint8_t> bytes, std::size_t& consumed);

}  // namespace mmo::sync
