#include "node/sync/BusLink.hpp"

#include "common/eventbus/BusError.hpp"
#include "common/eventbus/HomeProbe.hpp"
#include "common/eventbus/StreamSetup.hpp"

namespace mmo::sync {

namespace {
constexpr auto kMinBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::milliseconds(5000);
constexpr auto kRepeatLog = std::chrono::seconds(30);
constexpr auto kProbeTimeout = std::chrono::milliseconds(2000);  // connect, then stream info, each
}  // namespace

BusLink::BusLink(eventbus::BusSettings settings, SyncMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
                 ReadyListener onReady, SyncClock& time, ReconnectListener onReconnected)
    : settings_(std::move(settings)),
      metrics_(metrics),
      logger_(std::move(logger)),
      onReady_(std::move(onReady)),
      onReconnected_(std::move(onReconnected)),
      worker_("bus-link", time),
      homeWorker_("home-return", time),
      homePolicy_(settings_.homeReturnAfter) {}

BusLink::~BusLink() {
    stop();
}

std::shared_ptr<eventbus::NatsConnection> BusLink::connect(std::uint64_t generation) {
    return std::make_shared<eventbus::NatsConnection>(settings_, logger_,
                                                      [this, generation](bool up, const std::string& server) {
                                                          onConnectionState(generation, up, server);
                                                      });
}

std::optional<std::string> BusLink::tryOnce() {
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        generation = ++nextGeneration_;
    }
    std::shared_ptr<eventbus::NatsConnection> connection;
    try {
        connection = connect(generation);
        eventbus::ensureStream(*connection, settings_, *logger_);
    } catch (const eventbus::ConnectError& e) {
        return std::string(e.what());
    } catch (const eventbus::BusError& e) {
        return std::string(e.what());
    }
    metrics_.connected.set(1);
    const std::string server = connection->currentServer();
    setHomeGauge(true, server);
    logger_->info("Connected to NATS at {}, stream {} ready", server, settings_.stream);
    {
        std::lock_guard lock(mutex_);
        connection_ = connection;
        generation_ = generation;
        if (lastServer_.empty()) lastServer_ = server;
    }
    onReady_(connection);
    startHomeReturn();
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

void BusLink::stopHomeReturn() {
    homeWorker_.stop();
}

void BusLink::stop() {
    homeWorker_.stop();
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

void BusLink::setHomeGauge(bool connected, const std::string& server) {
    const bool home =
        connected && !settings_.servers.empty() && eventbus::sameServer(server, settings_.servers.front());
    metrics_.onHomeServer.set(home ? 1 : 0);
}

void BusLink::onConnectionState(std::uint64_t generation, bool up, const std::string& server) {
    std::string previous;
    {
        std::lock_guard lock(mutex_);
        if (worker_.stopRequested()) return;    // our own close at shutdown, not a lost connection
        if (generation != generation_) return;  // a connection replaced by a move home (or never used)
        previous = lastServer_;
        if (!server.empty()) lastServer_ = server;
        // Under the lock that stop() takes: once stop() returned, no listener runs any more, so the owner may
        // destroy what the listener reaches (SyncService resets the publisher before the link).
        if (up && onReconnected_) onReconnected_();
    }
    metrics_.connected.set(up ? 1 : 0);
    setHomeGauge(up, server);
    if (!up)
        logger_->warn(
            "NATS connection lost ({}); reconnecting in the background (changes keep queueing in the outbox)",
            server.empty() ? "no server" : server);
    else if (previous.empty() || previous == server)
        logger_->info("NATS connection restored ({})", server);
    else
        logger_->info("NATS connection restored: moved from {} to {}", previous, server);
}

void BusLink::startHomeReturn() {
    if (settings_.homeReturnAfter.count() <= 0 || settings_.servers.size() < 2) return;
    std::lock_guard lock(mutex_);
    if (homeWorker_.started() || worker_.stopRequested()) return;
    homeWorker_.start([this] { homeReturnLoop(); });
}

bool BusLink::awayFromHome() const {
    std::lock_guard lock(mutex_);
    return connection_ && connection_->connected() &&
           !eventbus::sameServer(connection_->currentServer(), settings_.servers.front());
}

void BusLink::homeReturnLoop() {
    const std::string home = settings_.servers.front();
    for (;;) {
        {
            std::unique_lock lock(homeWorker_.mutex());
            if (!homeWorker_.waitFor(lock, homePolicy_.checkInterval(), [] { return false; })) return;
        }
        if (!awayFromHome()) {
            homePolicy_.atHomeOrDown();
            continue;
        }
        homePolicy_.away(homeWorker_.clock().now());
        const bool wasHealthy = homePolicy_.healthyStreak();
        const auto error = eventbus::probeHomeServer(settings_, kProbeTimeout, logger_);
        const auto now = homeWorker_.clock().now();
        if (error) {
            if (wasHealthy)
                logger_->info("NATS: the home server {} failed a health probe ({})", home, *error);
            homePolicy_.observe(false, now);
            continue;
        }
        if (!wasHealthy)
            logger_->info(
                "NATS: the home server {} answers again; moving back once it has been healthy for {} s", home,
                std::chrono::duration_cast<std::chrono::seconds>(homePolicy_.required()).count());
        if (!homePolicy_.observe(true, now)) continue;
        if (homeWorker_.stopRequested()) return;
        if (moveHome())
            homePolicy_.returned(homeWorker_.clock().now());
        else
            homePolicy_.atHomeOrDown();
    }
}

bool BusLink::moveHome() {
    std::uint64_t generation = 0;
    std::string previous;
    {
        std::lock_guard lock(mutex_);
        generation = ++nextGeneration_;
        previous = connection_ ? connection_->currentServer() : std::string();
    }
    std::shared_ptr<eventbus::NatsConnection> fresh;
    try {
        fresh = connect(generation);
    } catch (const std::exception& e) {
        logger_->info("NATS: moving back to the home server {} failed ({}); staying on {}",
                      settings_.servers.front(), e.what(), previous);
        return false;
    }
    const std::string server = fresh->currentServer();
    if (!eventbus::sameServer(server, settings_.servers.front())) {
        logger_->info(
            "NATS: moving back to the home server {} failed (the new connection went to {}); "
            "staying on {}",
            settings_.servers.front(), server, previous);
        return false;  // fresh closes here; its callbacks carry a generation nobody uses
    }
    std::shared_ptr<eventbus::NatsConnection> old;
    {
        std::lock_guard lock(mutex_);
        if (worker_.stopRequested() || homeWorker_.stopRequested()) return false;
        old = std::exchange(connection_, fresh);
        generation_ = generation;
        lastServer_ = server;
    }
    metrics_.connected.set(fresh->connected() ? 1 : 0);
    setHomeGauge(fresh->connected(), server);
    metrics_.homeReturns.inc();
    logger_->info("NATS: back on the home server {} (was on {}); publishing and consuming move to it", server,
                  previous);
    // The publisher republishes what was in flight on the old connection (same message ids), the consumer
    // sets itself up again on the new one; the old connection closes when its last user lets go.
    onReady_(fresh);
    return true;
}

}  // namespace mmo::sync
