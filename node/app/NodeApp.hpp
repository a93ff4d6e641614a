#pragma once

#include <spdlog/logger.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "common/config/NodeConfig.hpp"
#include "common/http/HttpServer.hpp"
#include "common/http/Router.hpp"
#include "common/metrics/MetricsRegistry.hpp"
#include "node/api/BoundedWorkPool.hpp"
#include "node/api/RecentChanges.hpp"
#include "node/api/StatusRoute.hpp"
#include "node/app/IoThreadPool.hpp"
#include "node/auth/AuthService.hpp"
#include "node/game/GameServer.hpp"
#include "node/game/GameTcpListener.hpp"
#include "node/game/GameUdpEndpoint.hpp"
#include "node/metrics/GameMetrics.hpp"
#include "node/metrics/HttpMetrics.hpp"
#include "node/sync/SyncService.hpp"

namespace mmo::node {

// Start-up choices that are not config keys (command-line flags).
struct NodeAppOptions {
    bool requireNats = false;  // --require-nats: NATS unreachable at start is fatal (exit 3)
};

// Wires the node's parts and runs them.
//
// Threading: two io_contexts. The game port (TCP listener, game sessions on a strand each, the UDP endpoint
// and the position timer) runs on gameIo_, served by `server.io_threads` threads (gameThreads_). REST,
// metrics, the signal set and the admin-event timers run on controlIo_, served by the thread that calls
// run(): a busy game server never delays a scrape, a health check or an admin write. The sync's own threads
// are SyncService's (docs/architecture.md, "Threads in mmo-node").
//
// Life cycle: the constructor raises the open-file limit, fits the connection limits to it and binds all
// four listeners (a busy port fails here, before anything is served: ListenFailure); start() starts the auth
// core and the sync, then begins serving and logs the bound ports; run() returns after SIGINT or SIGTERM once
// the listeners are closed, the sessions ended (or kShutdownGrace passed), the login workers finished, the
// last batch was published (bounded wait) and the world snapshotted. Slow argon2id logins run on
// loginWorkers_, never on the I/O thread.
class NodeApp {
  public:
    static constexpr std::chrono::seconds kShutdownGrace{5};
    // argon2id logins run on this many threads (each concurrent login holds ~64 MiB) ...
    static constexpr std::size_t kLoginThreads = 2;
    // ... with at most auth.login_queue_size logins queued or running (503 busy beyond), and
    // auth.login_queue_per_address from one address (429 beyond).

    NodeApp(const config::NodeConfig& config, std::string version, std::shared_ptr<spdlog::logger> logger,
            NodeAppOptions options);
    ~NodeApp();

    NodeApp(const NodeApp&) = delete;
    NodeApp& operator=(const NodeApp&) = delete;

    // The ports the listeners bound (OS-chosen ones when 0 was configured).
    api::BoundPorts boundPorts() const;

    // Starts the auth core (throws auth::AuthSetupError), the sync (snapshot, outbox, NATS; throws
    // sync::SyncStartError), registers the metrics and routes, starts every listener and logs where each
    // one listens.
    void start();

    // Serves until a shutdown signal, then shuts down in order; returns when done.
    void run();

  private:
    // Raises the open-file limit and lowers the connection limits in config_ when they do not fit it
    // (DescriptorBudget), with a warning naming the keys.
    void fitConnectionLimitsToOpenFileLimit();
    void bindListeners();
    void startAuth();
    // Origin, Host and Content-Type checks on every REST route (http::RequestGuard).
    void guardRestApi();
    void registerMetrics();
    void addRoutes();
    void onSignal(boost::system::error_code error, int signalNumber);
    void stopServing();

    config::NodeConfig config_;
    std::string version_;
    std::shared_ptr<spdlog::logger> logger_;
    NodeAppOptions options_;
    metrics::MetricsRegistry registry_;
    std::chrono::steady_clock::time_point startedAt_;
    std::size_t gameThreadCount_;           // server.io_threads, resolved (0: the CPUs we may run on)
    boost::asio::io_context controlIo_{1};  // REST, metrics, signals: the thread in run()
    boost::asio::io_context gameIo_;        // the game port: gameThreads_
    boost::asio::signal_set signals_;
    // After the io_contexts: destroyed before them, so submit callbacks still held by the sync (they hold
    // HTTP sessions) never outlive the io_context their sockets belong to.
    api::RecentChanges
        recentChanges_;  // GET /api/sync/recent, fed by the applied-changes observer (before sync_)
    std::unique_ptr<sync::SyncService> sync_;
    http::Router restRouter_;
    http::Router metricsRouter_;
    std::unique_ptr<game::GameTcpListener> gameTcp_;
    std::unique_ptr<game::GameUdpEndpoint> gameUdp_;
    // Built in start() once sync_ and auth_ exist; the listeners hand it sockets and datagrams.
    std::unique_ptr<game::GameServer> gameServer_;
    std::unique_ptr<http::HttpServer> restServer_;
    std::unique_ptr<http::HttpServer> metricsServer_;
    std::unique_ptr<metrics::HttpMetrics> httpMetrics_;
    std::unique_ptr<metrics::GameMetrics> gameMetrics_;
    // Declared last: destroyed first. The login workers hold references to auth_ and finish before it.
    std::unique_ptr<auth::AuthService> auth_;
    std::unique_ptr<api::BoundedWorkPool> loginWorkers_;
    std::size_t gameSocketCeiling_ = 0;  // game connections beyond it are closed at accept
    bool stopRequested_ = false;
    // Last: destroyed first, so no game handler runs once the parts above start going away. Started by
    // start().
    std::unique_ptr<IoThreadPool> gameThreads_;
};

// "SIGTERM" for SIGTERM, "SIGINT" for SIGINT, "signal N" otherwise.
std::string signalName(int signalNumber);

}  // namespace mmo::node
