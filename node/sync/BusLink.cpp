#include "node/sync/BusLink.hpp"

#include "node/eventbus/BusError.hpp"
#include "node/eventbus/StreamSetup.hpp"

namespace mmo::sync {

namespace {
constexpr auto kMinBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);
constexpr auto kRepeatLog = std::chrono::seconds(30);
}  // namespace

BusLink::BusLink(eventbus::BusSettings settings, SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                 ReadyListener onReady)
    : settings_(std::move(settings)),
      metrics_(metrics),
      logger_(std::move(logger)),
      onReady_(std::move(onReady)) {}

BusLink::~BusLink() {
    stop();
}

std::optional<std::string> BusLink::tryOnce() {
    std::shared_ptr<eventbus::NatsConnection> connection;
    try {
        connection = std::make_shared<eventbus::NatsConnection>(settings_, logger_,
                                                                [this](bool up) { onConnectionState(up); });
        eventbus::ensureStream(*connection, settings_, *logger_);
    } catch (const eventbus::ConnectError& e) {
        return std::string(e.what());
    } catch (const eventbus::BusError& e) {
        return std::string(e.what());
    }
    metrics_.connected.set(1);
    logger_->info("Connected to NATS at {}, stream {} ready", connection->currentServer(), settings_.stream);
    {
        std::lock_guard lock(mutex_);
        connection_ = connection;
    }
    onReady_(connection);
    return std::nullopt;
}

void BusLink::retryInBackground() {
    thread_ = std::thread([this] {
        auto backoff = kMinBackoff;
        auto lastLog = std::chrono::steady_clock::now();
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                if (wake_.wait_for(lock, backoff, [&] { return stopping_; })) return;
            }
            const auto error = tryOnce();
            if (!error) return;
            if (std::chrono::steady_clock::now() - lastLog >= kRepeatLog) {
                logger_->warn("Still cannot reach NATS ({}); the node keeps serving and retrying", *error);
                lastLog = std::chrono::steady_clock::now();
            }
            backoff = std::min(backoff * 2, kMaxBackoff);
        }
    });
}

void BusLink::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

bool BusLink::connected() const {
    std::lock_guard lock(mutex_);
    return connection_ && connection_->connected();
}

std::string BusLink::currentServer() const {
    std::lock_guard lock(mutex_);
    return connection_ ? connection_->currentServer() : std::string();
}

void BusLink::onConnectionState(bool up) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;  // our own close at shutdown, not a lost connection
    }
    metrics_.connected.set(up ? 1 : 0);
    if (up)
        logger_->info("NATS connection restored");
    else
        logger_->warn(
            "NATS connection lost; reconnecting in the background (changes keep queueing in the outbox)");
}

}  // namespace mmo::sync
