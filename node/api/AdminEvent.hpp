#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/world/BlockTypeRegistry.hpp"
#include "node/sync/SyncTypes.hpp"

namespace mmo::api {

// A validated admin event (POST /api/admin/events/send): the world writes it makes, or the chat text.
struct AdminEvent {
    std::string type;                      // "BlockEvent", "FillEvent" or "ChatEvent"
    std::vector<sync::BlockWrite> writes;  // empty for ChatEvent
    std::string chatText;                  // ChatEvent only
};

// The largest FillEvent, in cells (a fixed API limit, not a config key: it bounds one request's work).
inline constexpr std::size_t kMaxFillCells = 10000;
// The longest ChatEvent text, in bytes.
inline constexpr std::size_t kMaxChatBytes = 500;

// "BlockEvent, FillEvent, ChatEvent".
std::string adminEventTypesList();

// Parses and validates {"event_type", "data"}; throws ApiError (400) naming the field and what is valid.
AdminEvent parseAdminEvent(std::string_view body, const world::BlockTypeRegistry& blockTypes);

}  // namespace mmo::api
