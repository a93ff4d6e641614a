#pragma once

#include <cstdint>
#include <string_view>

namespace mmo::game {

// The code of an ERROR frame (u16 on the wire; docs/protocol.md, "Error codes"). Values never change.
enum class ErrorCode : std::uint16_t {
    MalformedFrame = 1,        // payload truncated, trailing bytes or a bad varint
    UnknownType = 2,           // frame type not defined for this direction
    FrameTooLarge = 3,         // length prefix 0 or over the frame limit (fatal)
    UnsupportedVersion = 4,    // HELLO with another protocol version (fatal)
    NotAuthenticated = 5,      // an action before HELLO
    AlreadyAuthenticated = 6,  // a second HELLO
    AuthFailed = 7,            // bad token or guest name (fatal)
    RateLimited = 8,           // over the actions-per-second budget: the action was not done
    Flood = 9,                 // over the frames-per-second budget (fatal)
    AreaTooLarge = 10,         // SUBSCRIBE wider or higher than the limit
    InvalidArgument = 11,      // bad block type, chat text too long, coordinates out of range
    WriteFailed = 12,          // the region could not store the write; retry later
    Resync = 13,               // updates were dropped (slow reader): SUBSCRIBE again
    ChatUnavailable = 14,      // the region is not connected to the bus; retry later
    ServerFull = 15,           // too many connections to the node or from the address (fatal)
    IdleTimeout = 16,          // nothing received for the idle timeout (fatal)
    ShuttingDown = 17,         // the node is stopping (fatal)
    GuestsNotAllowed = 18,     // HELLO as guest while guests are disabled (fatal)
    NameTaken = 19,            // guest name of an account or of a player logged in on the node (fatal)
    SnapshotClipped = 20,      // SUBSCRIBE snapshot over the session's snapshot budget: cells left out
};

// Stable snake_case name ("rate_limited"); "unknown" for other values.
std::string_view toString(ErrorCode code);

// True when the server closes the connection after sending this error.
constexpr bool isFatal(ErrorCode code) {
    switch (code) {
        case ErrorCode::FrameTooLarge:
        case ErrorCode::UnsupportedVersion:
        case ErrorCode::AuthFailed:
        case ErrorCode::Flood:
        case ErrorCode::ServerFull:
        case ErrorCode::IdleTimeout:
        case ErrorCode::ShuttingDown:
        case ErrorCode::GuestsNotAllowed:
        case ErrorCode::NameTaken:
            return true;
        default:
            return false;
    }
}

}  // namespace mmo::game
