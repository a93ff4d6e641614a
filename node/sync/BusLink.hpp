#pragma once

#include <spdlog/logger.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"
#include "node/sync/HomeReturnPolicy.hpp"
#include "node/sync/SyncMetrics.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::sync {

// Brings the node onto the event bus: connects to NATS and makes sure the stream exists, then hands the
// connection to whoever waits for it. When NATS cannot be reached at start, the node keeps serving and
// this keeps trying in the background with backoff (100 ms doubling to 5 s). After a failover it brings
// the node back to its home server (the first of the list, docs/sync.md "Coming home after a failover"):
// a thread probes the home server while the node is on another one, and once HomeReturnPolicy says so,
// connects anew (home first), hands the new connection to whoever waits for it (onReady again) and drops
// the old one.
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
    // Ends the home-return thread (no onReady from it after this returns); stop() does it too.
    void stopHomeReturn();
    void stop();

    bool connected() const;
    std::string currentServer() const;

  private:
    // A connection whose state callbacks carry `generation`: those of a connection replaced meanwhile are
    // ignored. Throws ConnectError / BusError.
    std::shared_ptr<eventbus::NatsConnection> connect(std::uint64_t generation);
    void onConnectionState(std::uint64_t generation, bool up, const std::string& server);
    void startHomeReturn();
    void homeReturnLoop();
    // On another server than home now (connected).
    bool awayFromHome() const;
    // Connects anew with the home server first and swaps the connection in; false when it did not land home.
    bool moveHome();
    void setHomeGauge(bool connected, const std::string& server);

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
    std::string lastServer_;            // for "moved from A to B" on a reconnect
    std::uint64_t generation_ = 0;      // of connection_
    std::uint64_t nextGeneration_ = 0;  // the last one handed out

    // The home-return thread (only with a server list and eventbus.home_return_after_seconds > 0).
    Worker homeWorker_;
    HomeReturnPolicy homePolicy_;  // used by the home-return thread only
};

}  // namespace mmo::sync
