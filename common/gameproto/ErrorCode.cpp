#include "common/gameproto/ErrorCode.hpp"

#include "common/gameproto/Messages.hpp"

namespace mmo::game {

std::string_view toString(ErrorCode code) {
    switch (code) {
        case ErrorCode::MalformedFrame:
            return "malformed_frame";
        case ErrorCode::UnknownType:
            return "unknown_type";
        case ErrorCode::FrameTooLarge:
            return "frame_too_large";
        case ErrorCode::UnsupportedVersion:
            return "unsupported_version";
        case ErrorCode::NotAuthenticated:
            return "not_authenticated";
        case ErrorCode::AlreadyAuthenticated:
            return "already_authenticated";
        case ErrorCode::AuthFailed:
            return "auth_failed";
        case ErrorCode::RateLimited:
            return "rate_limited";
        case ErrorCode::Flood:
            return "flood";
        case ErrorCode::AreaTooLarge:
            return "area_too_large";
        case ErrorCode::InvalidArgument:
            return "invalid_argument";
        case ErrorCode::WriteFailed:
            return "write_failed";
        case ErrorCode::Resync:
            return "resync";
        case ErrorCode::ChatUnavailable:
            return "chat_unavailable";
        case ErrorCode::ServerFull:
            return "server_full";
        case ErrorCode::IdleTimeout:
            return "idle_timeout";
        case ErrorCode::ShuttingDown:
            return "shutting_down";
        case ErrorCode::GuestsNotAllowed:
            return "guests_not_allowed";
        case ErrorCode::NameTaken:
            return "name_taken";
        case ErrorCode::SnapshotClipped:
            return "snapshot_clipped";
    }
    return "unknown";
}

const char* frameTypeName(std::uint8_t type) {
    switch (static_cast<FrameType>(type)) {
        case FrameType::Hello:
            return "hello";
        case FrameType::PlaceBlock:
            return "place_block";
        case FrameType::BreakBlock:
            return "break_block";
        case FrameType::Subscribe:
            return "subscribe";
        case FrameType::ChatSay:
            return "chat";
        case FrameType::Ping:
            return "ping";
        case FrameType::ClientGoodbye:
            return "goodbye";
        case FrameType::Welcome:
            return "welcome";
        case FrameType::BlockAck:
            return "block_ack";
        case FrameType::BlockChunk:
            return "block_chunk";
        case FrameType::BlockUpdate:
            return "block_update";
        case FrameType::ChatMessage:
            return "chat_message";
        case FrameType::Pong:
            return "pong";
        case FrameType::Error:
            return "error";
        case FrameType::ServerGoodbye:
            return "server_goodbye";
    }
    return "unknown";
}

}  // namespace mmo::game
