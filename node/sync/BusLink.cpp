#include "node/sync/BusLink.hpp"

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/StreamSetup.hpp"

namespace mmo::sync {

namespace {
constexpr auto kMinBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);
constexpr auto kRepeatLog = std::chrono::seconds(30);
}  // namespace

BusLink::BusLink(eventbus::BusSettings settings, SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                 ReadyListener onReady, SyncClock& time, ReconnectListener onReconnected)
    : settings_(std::move(settings)),
      metrics_(metrics),
      logger_(std::move(logger)),
      onReady_(std::move(onReady)),
      onReconnected_(std::move(onReconnected)),
      worker_("bus-link", time) {}

BusLink::~BusLink() {
    stop();
}

std::optional<std::string> BusLink::tryOnce() {
    std::shared_ptr<eventbus::NatsConnection> connection;
    try {
        connection = std::make_shared<eventbus::NatsConnection>(
            settings_, logger_,
            [this](bool up, const std::string& server) { onConnectionState(up, server); });
        eventbus::ensureStream(*connection, settings_, *logger_);
    } catch (const eventbus::ConnectError& e) {
        return std::string(e.what());
    } catch (const eventbus::BusError& e) {
        return std::string(e.what());
    }
    metrics_.connected.set(1);
    const std::string server = connection->currentServer();
    logger_->info("Connected to NATS at {}, stream {} ready", server, settings_.stream);
    {
        std::lock_guard lock(mutex_);
        connection_ = connection;
        if (lastServer_.empty()) lastServer_ = server;
    }
    onReady_(connection);
    return std::nullopt;
}

void BusLink::retryInBackground() {
    worker_.start([this] {
        auto backoff = std::chrono::duration_cast<SyncClock::duration>(kMinBackoff);
        auto lastLog = worker_.clock().now();
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                if (!worker_.waitFor(lock, backoff, [] { return false; })) return;  // stop requested
            }
            const auto error = tryOnce();
            if (!error) return;
            if (worker_.clock().now() - lastLog >= kRepeatLog) {
                logger_->warn("Still cannot reach NATS ({}); the node keeps serving and retrying", *error);
                lastLog = worker_.clock().now();
            }
            backoff = std::min(backoff * 2, std::chrono::duration_cast<SyncClock::duration>(kMaxBackoff));
        }
    });
}

void BusLink::stop() {
    worker_.stop();
}

bool BusLink::connected() const {
    std::lock_guard lock(mutex_);
    return connection_ && connection_->connected();
}

std::string BusLink::currentServer() const {
    std::lock_guard lock(mutex_);
    return connection_ ? connection_->currentServer() : std::string();
}

void BusLink::onConnectionState(bool up, const std::string& server) {
    std::string previous;
    {
        std::lock_guard lock(mutex_);
        if (worker_.stopRequested()) return;  // our own close at shutdown, not a lost connection
        previous = lastServer_;
        if (!server.empty()) lastServer_ = server;
        // Under the lock that stop() takes: once stop() returned, no listener runs any more, so the owner may
        // destroy what the listener reaches (SyncService resets the publisher before the link).
        if (up && onReconnected_) onReconnected_();
    }
    metrics_.connected.set(up ? 1 : 0);
    if (!up)
        logger_->warn(
            "NATS connection lost ({}); reconnecting in the background (changes keep queueing in the outbox)",
            server.empty() ? "no server" : server);
    else if (previous.empty() || previous == server)
        logger_->info("NATS connection restored ({})", server);
    else
        logger_->info("NATS connection restored: moved from {} to {}", previous, server);
}

}  // namespace mmo::sync
