#pragma once

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "node/sync/SyncMetrics.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::sync {

// Brings the node onto the event bus: connects to NATS and makes sure the stream exists, then hands the
// connection to whoever waits for it. When NATS cannot be reached at start, the node keeps serving and
// this keeps trying in the background with backoff (100 ms doubling to 5 s).
class BusLink {
  public:
    using ReadyListener = std::function<void(std::shared_ptr<eventbus::NatsConnection>)>;
    // Told on nats.c's callback thread each time a lost connection is restored, under the link's lock (never
    // after stop() returned); must be quick and must not call back into the link.
    using ReconnectListener = std::function<void()>;

    // `time` drives the retry backoff (SyncClock.hpp).
    BusLink(eventbus::BusSettings settings, SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
            ReadyListener onReady, SyncClock& time, ReconnectListener onReconnected = {});
    ~BusLink();
    BusLink(const BusLink&) = delete;
    BusLink& operator=(const BusLink&) = delete;

    // One attempt: connect and set up the stream. Returns the error text (the guide's
    // "nats connect: connection refused") or nullopt on success, after which onReady has run.
    std::optional<std::string> tryOnce();
    // Keeps trying in a background thread until it succeeds or stop() is called.
    void retryInBackground();
    void stop();

    bool connected() const;
    std::string currentServer() const;

  private:
    void onConnectionState(bool up, const std::string& server);

    const eventbus::BusSettings settings_;
    SyncMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;
    ReadyListener onReady_;
    ReconnectListener onReconnected_;

    // The retry thread (started only when the first connect fails); its mutex guards the connection and the
    // last server, which nats.c's callback thread reads and writes too.
    Worker worker_;
    std::mutex& mutex_ = worker_.mutex();
    std::shared_ptr<eventbus::NatsConnection> connection_;
    std::string lastServer_;  // for "moved from A to B" on a reconnect
};

}  // namespace mmo::sync
