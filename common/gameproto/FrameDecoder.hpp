#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "common/gameproto/ErrorCode.hpp"
#include "common/gameproto/Messages.hpp"

namespace mmo::game {

// Why bytes are not a valid frame: the code sent back in the ERROR frame, a message for the client, and
// the frame's request id when it was read before the failure (0 otherwise), which the ERROR echoes.
struct DecodeFailure {
    ErrorCode code;
    std::string message;
    std::uint64_t requestId = 0;
};

// A string field is bounded only by the frame that carries it (docs/protocol.md, "Strings"): the decoder
// caps no string. What a field may hold is the field's rule, checked where the message is handled; the
// HELLO credential's cap is this one (over it: auth_failed).
inline constexpr std::size_t kMaxCredentialBytes = 4096;

// The frame length (type byte + payload) of a 4-byte little-endian prefix; FrameTooLarge when it is 0 or
// over `maxFrameBytes`.
std::variant<std::uint32_t, DecodeFailure> frameLengthOf(std::span<const std::uint8_t, 4> prefix,
                                                         std::uint32_t maxFrameBytes);
// A client frame's payload (after the type byte); UnknownType for server or undefined types,
// MalformedFrame when the payload is truncated, has trailing bytes or a value out of range.
std::variant<ClientMessage, DecodeFailure> decodeClientPayload(std::uint8_t type,
                                                               std::span<const std::uint8_t> payload);
// A server frame's payload, the same way.
std::variant<ServerMessage, DecodeFailure> decodeServerPayload(std::uint8_t type,
                                                               std::span<const std::uint8_t> payload);

}  // namespace mmo::game
