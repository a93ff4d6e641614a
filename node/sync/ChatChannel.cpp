#include "node/sync/ChatChannel.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <utility>

#include "common/eventbus/BusError.hpp"

namespace mmo::sync {

namespace json = boost::json;

namespace {
constexpr std::size_t kMaxChatBytes = 4096;  // a chat message on the wire; larger ones are dropped
}

ChatChannel::ChatChannel(eventbus::BusSettings bus, std::shared_ptr<spdlog::logger> logger)
    : bus_(std::move(bus)), logger_(std::move(logger)) {}

ChatChannel::~ChatChannel() {
    detach();
}

void ChatChannel::setListener(Listener listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

void ChatChannel::attach(std::shared_ptr<eventbus::NatsConnection> connection) {
    auto subscription = connection->subscribe(
        bus_.stream + ".chat.>", [this](const std::string& subject, std::span<const std::uint8_t> data) {
            ChatMessage message;
            const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
            if (data.size() > kMaxChatBytes || !decode(text, message) ||
                subject != bus_.stream + ".chat." + message.origin) {
                logger_->warn("Chat: dropped a malformed {}-byte message on {}", data.size(), subject);
                return;
            }
            Listener listener;
            {
                std::lock_guard lock(mutex_);
                listener = listener_;
            }
            if (listener) listener(message);
        });
    std::shared_ptr<eventbus::NatsConnection> oldConnection;  // a replaced one (the node moved home)
    std::unique_ptr<eventbus::NatsConnection::Subscription> oldSubscription;
    {
        std::lock_guard lock(mutex_);
        oldConnection = std::exchange(connection_, std::move(connection));
        oldSubscription = std::exchange(subscription_, std::move(subscription));
    }
    oldSubscription.reset();  // drains outside the lock (a running handler may need it), then the connection
}

void ChatChannel::detach() {
    std::unique_ptr<eventbus::NatsConnection::Subscription> subscription;
    {
        std::lock_guard lock(mutex_);
        subscription = std::move(subscription_);
        connection_.reset();
    }
    subscription.reset();  // drains outside the lock: a running handler may need it
}

bool ChatChannel::say(const std::string& from, const std::string& text) {
    std::shared_ptr<eventbus::NatsConnection> connection;
    {
        std::lock_guard lock(mutex_);
        connection = connection_;
    }
    if (!connection || !connection->connected()) return false;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const auto payload = encode({bus_.regionId, from, text, static_cast<std::uint64_t>(now.count())});
    try {
        connection->publishCore(bus_.stream + ".chat." + bus_.regionId,
                                {reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()});
    } catch (const eventbus::BusError& e) {
        logger_->warn("Chat: could not publish: {}", e.what());
        return false;
    }
    return true;
}

std::string ChatChannel::encode(const ChatMessage& message) {
    return json::serialize(json::object{{"origin", message.origin},
                                        {"from", message.from},
                                        {"text", message.text},
                                        {"sent_at_ms", message.sentAtMs}});
}

bool ChatChannel::decode(std::string_view text, ChatMessage& out) {
    json::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec || !value.is_object()) return false;
    const auto& o = value.as_object();
    const auto* origin = o.if_contains("origin");
    const auto* from = o.if_contains("from");
    const auto* body = o.if_contains("text");
    const auto* sent = o.if_contains("sent_at_ms");
    if (!origin || !origin->is_string() || !from || !from->is_string() || !body || !body->is_string())
        return false;
    out.origin = std::string(origin->as_string());
    out.from = std::string(from->as_string());
    out.text = std::string(body->as_string());
    out.sentAtMs = sent && sent->is_uint64()  ? sent->as_uint64()
                   : sent && sent->is_int64() ? static_cast<std::uint64_t>(sent->as_int64())
                                              : 0;
    return true;
}

}  // namespace mmo::sync
