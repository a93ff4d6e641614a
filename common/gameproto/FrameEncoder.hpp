#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/gameproto/Messages.hpp"

namespace mmo::game {

// Bytes before the payload: u32 little-endian length (type byte + payload), then the u8 type.
inline constexpr std::size_t kFrameHeaderBytes = 5;

// A whole frame (length prefix, type, payload) for a client message.
std::vector<std::uint8_t> encodeFrame(const ClientMessage& message);
// A whole frame (length prefix, type, payload) for a server message.
std::vector<std::uint8_t> encodeFrame(const ServerMessage& message);
// A frame of any type byte around raw payload bytes (tests send malformed frames with it).
std::vector<std::uint8_t> encodeRawFrame(std::uint8_t type, const std::vector<std::uint8_t>& payload);

}  // namespace mmo::game
