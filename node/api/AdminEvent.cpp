#include "node/api/AdminEvent.hpp"

#include <algorithm>
#include <cstdint>

#include "node/api/ApiError.hpp"
#include "node/api/JsonFields.hpp"

namespace mmo::api {

namespace {

std::uint16_t blockTypeOf(const boost::json::object& data, const world::BlockTypeRegistry& blockTypes) {
    const auto name = requireString(data, "block_type", "data.block_type");
    if (const auto id = blockTypes.idOf(name)) return *id;
    // Cap the echoed name: the message must stay small whatever the client sent.
    const auto shown = name.size() > 64 ? name.substr(0, 64) + "..." : name;
    throw ApiError::badRequest("unknown_block_type", "data.block_type: unknown block type \"" + shown +
                                                         "\"; valid: " + blockTypes.namesList());
}

AdminEvent blockEvent(const boost::json::object& data, const world::BlockTypeRegistry& blockTypes) {
    const auto x = requireInt32(data, "x", "data.x");
    const auto y = requireInt32(data, "y", "data.y");
    return {"BlockEvent", {{x, y, blockTypeOf(data, blockTypes)}}, {}};
}

AdminEvent fillEvent(const boost::json::object& data, const world::BlockTypeRegistry& blockTypes) {
    const std::int64_t x1 = requireInt32(data, "x1", "data.x1");
    const std::int64_t y1 = requireInt32(data, "y1", "data.y1");
    const std::int64_t x2 = requireInt32(data, "x2", "data.x2");
    const std::int64_t y2 = requireInt32(data, "y2", "data.y2");
    const auto type = blockTypeOf(data, blockTypes);
    // Corners in any order; both inclusive. int64 keeps the size exact for any int32 corners.
    const auto width = std::max(x1, x2) - std::min(x1, x2) + 1;
    const auto height = std::max(y1, y2) - std::min(y1, y2) + 1;
    if (width > static_cast<std::int64_t>(kMaxFillCells) ||
        height > static_cast<std::int64_t>(kMaxFillCells) ||
        width * height > static_cast<std::int64_t>(kMaxFillCells))
        throw ApiError::badRequest(
            "area_too_large", "data: FillEvent covers at most " + std::to_string(kMaxFillCells) +
                                  " cells; asked " + std::to_string(width) + " x " + std::to_string(height) +
                                  " = " + std::to_string(width * height) + " cells");
    AdminEvent event{"FillEvent", {}, {}};
    event.writes.reserve(static_cast<std::size_t>(width * height));
    for (auto y = std::min(y1, y2); y <= std::max(y1, y2); ++y)
        for (auto x = std::min(x1, x2); x <= std::max(x1, x2); ++x)
            event.writes.push_back({static_cast<std::int32_t>(x), static_cast<std::int32_t>(y), type});
    return event;
}

AdminEvent chatEvent(const boost::json::object& data) {
    auto text = requireString(data, "text", "data.text");
    if (text.empty()) throw ApiError::badRequest("invalid_field", "data.text: must not be empty");
    if (text.size() > kMaxChatBytes)
        throw ApiError::badRequest("invalid_field", "data.text: at most " + std::to_string(kMaxChatBytes) +
                                                        " bytes, got " + std::to_string(text.size()));
    return {"ChatEvent", {}, std::move(text)};
}

}  // namespace

std::string adminEventTypesList() {
    return "BlockEvent, FillEvent, ChatEvent";
}

AdminEvent parseAdminEvent(std::string_view body, const world::BlockTypeRegistry& blockTypes) {
    const auto request = parseJsonObject(body);
    const auto type = requireString(request, "event_type", "event_type");
    if (type != "BlockEvent" && type != "FillEvent" && type != "ChatEvent") {
        const auto shown = type.size() > 64 ? type.substr(0, 64) + "..." : type;
        throw ApiError::badRequest("unknown_event_type", "event_type: unknown event type \"" + shown +
                                                             "\"; valid: " + adminEventTypesList());
    }
    const auto& data = requireObject(request, "data", "data");
    if (type == "BlockEvent") return blockEvent(data, blockTypes);
    if (type == "FillEvent") return fillEvent(data, blockTypes);
    return chatEvent(data);
}

}  // namespace mmo::api
