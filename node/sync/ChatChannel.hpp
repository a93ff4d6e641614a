#pragma once

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"

namespace mmo::sync {

// A chat line as it travels between regions.
struct ChatMessage {
    std::string origin;  // region where it was said
    std::string from;    // as players see it: "guest:<name>" for a game guest, else the account name
    std::string text;
    std::uint64_t sentAtMs = 0;  // wall clock of the origin, ms since the epoch
};

// Global chat over core NATS on <stream>.chat.<region> (every region subscribes to <stream>.chat.>).
// Live only: a region that is not connected when a line is said does not get it later. Lines from this
// region come back through the subscription like any other, so local players hear them the same way.
class ChatChannel {
  public:
    using Listener = std::function<void(const ChatMessage&)>;

    ChatChannel(eventbus::BusSettings bus, std::shared_ptr<spdlog::logger> logger);
    ~ChatChannel();

    // Who hears chat (set before attach; called on a nats.c thread).
    void setListener(Listener listener);
    // Starts listening on the connection once the bus is up.
    void attach(std::shared_ptr<eventbus::NatsConnection> connection);
    // Stops listening (before the connection closes).
    void detach();
    // Says a line in every region; false when NATS is not connected (the caller tells the player).
    bool say(const std::string& from, const std::string& text);

    // The JSON wire form {"origin","from","text","sent_at_ms"} (docs/sync-wire-format.md, "Chat between
    // regions"); decode returns false on anything else.
    static std::string encode(const ChatMessage& message);
    static bool decode(std::string_view json, ChatMessage& out);

  private:
    const eventbus::BusSettings bus_;
    std::shared_ptr<spdlog::logger> logger_;
    std::mutex mutex_;
    Listener listener_;
    std::shared_ptr<eventbus::NatsConnection> connection_;
    std::unique_ptr<eventbus::NatsConnection::Subscription> subscription_;
};

}  // namespace mmo::sync
