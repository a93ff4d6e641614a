#include "common/codec/DecodeError.hpp"

namespace mmo::codec {

std::string_view toString(DecodeReason reason) {
    switch (reason) {
        case DecodeReason::EncodedTooLarge:
            return "encoded_too_large";
        case DecodeReason::Truncated:
            return "truncated";
        case DecodeReason::BadMagic:
            return "bad_magic";
        case DecodeReason::UnsupportedVersion:
            return "unsupported_version";
        case DecodeReason::UnknownFlags:
            return "unknown_flags";
        case DecodeReason::DeclaredSizeTooLarge:
            return "declared_size_too_large";
        case DecodeReason::DecompressedTooLarge:
            return "decompressed_too_large";
        case DecodeReason::SizeMismatch:
            return "size_mismatch";
        case DecodeReason::CorruptCompression:
            return "corrupt_compression";
        case DecodeReason::ChecksumMismatch:
            return "checksum_mismatch";
        case DecodeReason::MalformedVarint:
            return "malformed_varint";
        case DecodeReason::ValueOutOfRange:
            return "value_out_of_range";
        case DecodeReason::InvalidOrigin:
            return "invalid_origin";
        case DecodeReason::InvalidSequence:
            return "invalid_sequence";
        case DecodeReason::TooManyChanges:
            return "too_many_changes";
        case DecodeReason::TrailingBytes:
            return "trailing_bytes";
    }
    return "unknown";
}

std::string DecodeError::format() const {
    std::string text(toString(reason));
    text += ": ";
    text += message;
    return text;
}

}  // namespace mmo::codec
