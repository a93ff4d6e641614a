#pragma once

#include <string>
#include <string_view>

namespace mmo::codec {

// Why a batch was rejected; each bad input maps to exactly one reason (docs/sync-wire-format.md, section 7).
enum class DecodeReason {
    EncodedTooLarge,       // the message is longer than DecodeLimits::max_encoded_bytes
    Truncated,             // the input ends inside the header, the gzip stream or the body
    BadMagic,              // the first four bytes are not "MMOB"
    UnsupportedVersion,    // version byte other than 1
    UnknownFlags,          // a flags bit other than bit 0 is set
    DeclaredSizeTooLarge,  // the header's body length is over max_decompressed_bytes
    DecompressedTooLarge,  // gunzip produced more bytes than the header declared (a bomb, or a lie)
    SizeMismatch,          // the body is shorter than the header declared
    CorruptCompression,    // zlib rejected the gzip stream
    ChecksumMismatch,      // CRC-32 of the body differs from the header's
    MalformedVarint,       // a varint longer than 10 bytes, over 64 bits or not in shortest form
    ValueOutOfRange,       // a decoded value does not fit its field (x/y int32, type uint16, hlc uint64)
    InvalidOrigin,         // the origin region id is empty, too long or not [a-z0-9][a-z0-9-]{0,31}
    InvalidSequence,       // batch sequence 0
    TooManyChanges,        // declared change count over max_changes
    TrailingBytes,         // bytes after the gzip stream or after the last change
};

// Stable snake_case name of a reason, for logs and metric labels ("checksum_mismatch").
std::string_view toString(DecodeReason reason);

// A rejected batch: the reason and a message saying where in the input it went wrong.
struct DecodeError {
    DecodeReason reason;
    std::string message;

    // "checksum_mismatch: <message>".
    std::string format() const;
};

}  // namespace mmo::codec
