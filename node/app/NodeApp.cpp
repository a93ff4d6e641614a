#include "node/app/NodeApp.hpp"

#include <boost/asio/post.hpp>
#include <csignal>

#include "common/http/RequestGuard.hpp"
#include "common/net/SocketBinder.hpp"
#include "node/api/AdminEventRoutes.hpp"
#include "node/api/AuthRoutes.hpp"
#include "node/api/ChunkRoutes.hpp"
#include "node/api/HealthRoutes.hpp"
#include "node/api/ReadinessRules.hpp"
#include "node/api/RecentChanges.hpp"
#include "node/api/SyncRoutes.hpp"
#include "node/api/WorldRoutes.hpp"
#include "node/app/DescriptorBudget.hpp"
#include "node/app/ListenFailure.hpp"
#include "node/game/SyncGameBackend.hpp"
#include "node/metrics/MetricsEndpoint.hpp"
#include "node/metrics/ProcessMetrics.hpp"
#include "node/metrics/WorldMetrics.hpp"

namespace mmo::node {

namespace asio = boost::asio;

namespace {

// Runs open() and turns a BindError into a ListenFailure naming the service and its port key.
template <typename Open>
auto openListener(const char* service, const char* portKey, Open open) {
    try {
        return open();
    } catch (const net::BindError& error) {
        throw ListenFailure(service, portKey, error);
    }
}

}  // namespace

std::string signalName(int signalNumber) {
    switch (signalNumber) {
        case SIGTERM:
            return "SIGTERM";
        case SIGINT:
            return "SIGINT";
        default:
            return "signal " + std::to_string(signalNumber);
    }
}

NodeApp::NodeApp(const config::NodeConfig& config, std::string version,
                 std::shared_ptr<spdlog::logger> logger, NodeAppOptions options)
    : config_(config),
      version_(std::move(version)),
      logger_(std::move(logger)),
      options_(options),
      startedAt_(std::chrono::steady_clock::now()),
      gameThreadCount_(resolveIoThreads(config_.server.io_threads)),
      gameIo_(static_cast<int>(gameThreadCount_)),
      signals_(controlIo_, SIGINT, SIGTERM),  // before binding: a signal during start is queued, not fatal
      restRouter_(logger_),
      metricsRouter_(logger_) {
    fitConnectionLimitsToOpenFileLimit();
    bindListeners();
}

void NodeApp::fitConnectionLimitsToOpenFileLimit() {
    const auto limit = raiseOpenFileLimit();
    if (limit.soft > limit.before)
        logger_->info("Open-file limit raised from {} to {} (the hard limit)", limit.before, limit.soft);
    const auto budget = planDescriptorBudget(config_, limit);
    for (const auto& warning : budget.warnings) logger_->warn("{}", warning);
    config_.game.max_connections = static_cast<int>(budget.gameConnections);
    gameSocketCeiling_ = budget.gameConnections + DescriptorBudget::kGameRefusalsInFlight;
    config_.server.http_max_connections = static_cast<int>(budget.httpConnections);
}

NodeApp::~NodeApp() {
    stopServing();
    if (gameThreads_) gameThreads_->stopAndJoin();
    if (sync_) sync_->stop();  // its threads call into gameServer_ (observer, chat): stop them first
}

void NodeApp::bindListeners() {
    const auto& server = config_.server;
    const auto game = gameIo_.get_executor();
    const auto control = controlIo_.get_executor();
    auto tcp = openListener("game server", "server.tcp_port",
                            [&] { return net::openTcpAcceptor(game, server.host, server.tcp_port); });
    auto udp = openListener("game server", "server.udp_port",
                            [&] { return net::openUdpSocket(game, server.host, server.udp_port); });
    auto rest = openListener("REST API", "server.rest_port",
                             [&] { return net::openTcpAcceptor(control, server.host, server.rest_port); });
    auto metrics = openListener("metrics server", "server.metrics_port", [&] {
        return net::openTcpAcceptor(control, server.host, server.metrics_port);
    });

    http::HttpLimits limits;
    limits.headerLimit = static_cast<std::size_t>(config_.server.http_header_limit_bytes);
    limits.bodyLimit = static_cast<std::size_t>(config_.server.http_body_limit_bytes);
    limits.readTimeout = std::chrono::seconds(config_.server.http_idle_timeout_seconds);
    limits.maxConnections = static_cast<std::size_t>(config_.server.http_max_connections);
    limits.maxConnectionsPerAddress =
        static_cast<std::size_t>(config_.server.http_max_connections_per_address);
    limits.limitsHint =
        "the limits are server.http_max_connections and server.http_max_connections_per_address";
    // The game server is built in start(); until then (and after stop) connections are closed at once.
    gameTcp_ = std::make_unique<game::GameTcpListener>(
        std::move(tcp), logger_, [this](asio::ip::tcp::socket socket) {
            // Past the game's share of descriptors (its connections and its refusals in flight), a new
            // connection is closed at once: REST, metrics and NATS keep the reserve (DescriptorBudget).
            if (gameServer_ && gameServer_->connections() < gameSocketCeiling_)
                gameServer_->accept(std::move(socket));
            else
                game::GameTcpListener::closeConnection(std::move(socket));
        });
    gameUdp_ = std::make_unique<game::GameUdpEndpoint>(
        std::move(udp), logger_,
        [this](std::span<const std::byte> datagram, const asio::ip::udp::endpoint& from) {
            if (gameServer_) gameServer_->onDatagram(datagram, from);
        });
    restServer_ = std::make_unique<http::HttpServer>("REST API", std::move(rest), restRouter_.dispatcher(),
                                                     limits, logger_);
    metricsServer_ = std::make_unique<http::HttpServer>("metrics server", std::move(metrics),
                                                        metricsRouter_.dispatcher(), limits, logger_);
}

api::BoundPorts NodeApp::boundPorts() const {
    return {gameTcp_->localEndpoint().port(), gameUdp_->localEndpoint().port(),
            restServer_->localEndpoint().port(), metricsServer_->localEndpoint().port()};
}

void NodeApp::addRoutes() {
    api::addHealthRoutes(restRouter_, [this] { return api::syncReadiness(sync_->status()); });
    api::addPlayerReadinessRoute(
        restRouter_, [this] { return api::playerReadiness(sync_->status(), gameServer_ != nullptr); });
    api::addStatusRoute(
        restRouter_, {config_.sync.region_id, version_, boundPorts(), startedAt_},
        [] { return std::chrono::steady_clock::now(); }, {[this](boost::json::object& body) {
            const auto status = sync_->status();
            body["nats"] = {{"connected", status.natsConnected}, {"server", status.natsServer}};
            body["players_online"] = gameServer_ ? gameServer_->playersOnline() : 0;
            body["sync"] = {{"pending_changes", status.pendingChanges},
                            {"unpublished_changes", status.unpublishedChanges}};
        }});
    api::addAuthRoutes(restRouter_, *auth_, *loginWorkers_, logger_);
    api::addAdminEventRoutes(
        restRouter_,
        {*auth_,
         [this](std::vector<sync::BlockWrite> writes, sync::AckLevel level, sync::SubmitCallback done) {
             sync_->submit(std::move(writes), level, std::move(done));
         },
         [this](const std::string& from, const std::string& text) { return sync_->chat().say(from, text); },
         config_.sync.region_id, controlIo_.get_executor(), logger_});
    api::addWorldRoutes(restRouter_, sync_->world(), config_.sync.region_id,
                        [this] { return sync_->status().applied; });
    api::addSyncRoutes(restRouter_, [this] { return sync_->status(); });
    api::addRecentChangesRoute(restRouter_, recentChanges_, config_.sync.region_id);
    api::addChunkRoutes(restRouter_,
                        {sync_->world(), config_.sync.region_id, *auth_,
                         [this](const std::vector<codec::BlockChange>& cells) { return sync_->merge(cells); },
                         [this](const std::string& why, const world::SyncPositions& covered) {
                             sync_->markWorldComplete(why, covered);
                         }});
    metrics::addMetricsRoute(metricsRouter_, {metrics::buildInfoCollector(version_, config_.sync.region_id),
                                              [this](std::string& out) { out += registry_.render(); }});
}

void NodeApp::startAuth() {
    auth::AuthSettings settings;
    settings.admin_username = config_.auth.admin_username;
    settings.admin_password = config_.auth.admin_password;
    settings.jwt_secret = config_.auth.jwt_secret;
    settings.token_ttl = std::chrono::minutes(config_.auth.token_ttl_minutes);
    settings.default_password_from_loopback = config_.auth.default_password_from_loopback;
    settings.data_dir = config_.storage.data_dir;
    auth_ = std::make_unique<auth::AuthService>(std::move(settings), logger_,
                                                [] { return std::chrono::system_clock::now(); });
    if (auth_->usesDefaultPassword()) logger_->warn("{}", auth_->defaultPasswordWarning());
    guardRestApi();
    loginWorkers_ = std::make_unique<api::BoundedWorkPool>(
        kLoginThreads, static_cast<std::size_t>(config_.auth.login_queue_size),
        static_cast<std::size_t>(config_.auth.login_queue_per_address));
}

void NodeApp::guardRestApi() {
    http::RequestGuardSettings settings;
    settings.allowedOrigins = http::splitCommaList(config_.server.http_allowed_origins);
    settings.originsKey = "server.http_allowed_origins";
    // The default password works from loopback clients only; a web page that rebinds its name to 127.0.0.1
    // is such a client. Its requests carry its own name as Host. With the loopback rule off, the default
    // password works from nowhere, and there is nothing to guard.
    settings.checkHost = auth_->usesDefaultPassword() && config_.auth.default_password_from_loopback;
    settings.allowedHosts = http::splitCommaList(config_.server.http_allowed_hosts);
    settings.hostsKey = "server.http_allowed_hosts";
    settings.hostCheckReason =
        "auth.admin_password is the default, so only localhost, IP addresses and the names listed in "
        "server.http_allowed_hosts are served (a web page could otherwise reach this node through DNS "
        "rebinding); set auth.admin_password to serve every name";
    restRouter_.setGuard([guard = http::RequestGuard(std::move(settings))](const http::Request& request) {
        guard.check(request);
    });
}

void NodeApp::registerMetrics() {
    // Registered once each, so every family appears exactly once in /metrics.
    httpMetrics_ = std::make_unique<metrics::HttpMetrics>(registry_);
    gameMetrics_ = std::make_unique<metrics::GameMetrics>(registry_);
    registry_.addCollector(metrics::worldCollector(sync_->world(), config_.server.metrics_digest_label));
    registry_.addCollector(metrics::writeProcessMetrics);
    // Only the REST port is counted: the metrics port would count its own scrapes.
    restRouter_.setObserver(
        [this](const std::string& route, unsigned status, std::chrono::steady_clock::duration elapsed) {
            httpMetrics_->observe(route, status, elapsed);
        });
}

void NodeApp::start() {
    startAuth();  // a bad JWT secret is a config error (exit 2): checked before anything starts
    sync_ = std::make_unique<sync::SyncService>(config_, registry_, logger_);
    registerMetrics();  // before the sync starts: the game server counts into gameMetrics_
    gameServer_ = std::make_unique<game::GameServer>(
        gameIo_.get_executor(), gameUdp_.get(),
        game::makeSyncBackend(*sync_, *auth_, {config_.auth.admin_username}),
        game::gameLimitsFrom(config_.game), *gameMetrics_, logger_);
    sync_->setAppliedObserver([this](const std::vector<codec::BlockChange>& applied) {
        recentChanges_.record(applied, std::chrono::system_clock::now());
        gameServer_->onApplied(applied);
    });
    sync_->chat().setListener([this](const sync::ChatMessage& message) { gameServer_->onChat(message); });
    sync_->start(options_.requireNats);
    addRoutes();
    signals_.async_wait(
        [this](boost::system::error_code error, int signalNumber) { onSignal(error, signalNumber); });
    gameServer_->start();
    gameTcp_->start();
    gameUdp_->start();
    restServer_->start();
    metricsServer_->start();

    // Serving from here on (before the "listening" lines, which tell tests and mmoctl the node is up). A
    // handler that throws on a game thread ends the node as one on the main thread would: rethrown in run().
    gameThreads_ = std::make_unique<IoThreadPool>(
        gameIo_, gameThreadCount_, "mmo-game", [this](std::exception_ptr failure) {
            asio::post(controlIo_, [failure] { std::rethrow_exception(failure); });
        });
    logger_->info(
        "Game server runs on {} I/O thread{} (server.io_threads: {}); REST and metrics on their own",
        gameThreadCount_, gameThreadCount_ == 1 ? "" : "s", config_.server.io_threads);
    const auto tcp = gameTcp_->localEndpoint();
    const auto udp = gameUdp_->localEndpoint();
    const auto rest = restServer_->localEndpoint();
    const auto metrics = metricsServer_->localEndpoint();
    logger_->info("Game server listening on tcp {}, udp {}", net::formatEndpoint(tcp.address(), tcp.port()),
                  net::formatEndpoint(udp.address(), udp.port()));
    logger_->info("REST API listening on {}", net::formatEndpoint(rest.address(), rest.port()));
    logger_->info("Prometheus metrics on {}/metrics", net::formatEndpoint(metrics.address(), metrics.port()));
}

void NodeApp::run() {
    while (!stopRequested_ && controlIo_.run_one() > 0) {
    }
    // Draining: sessions finish their responses and close; bounded so that a stuck peer cannot hold us.
    const auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
    if (gameThreads_) gameThreads_->finishWhenIdle();
    controlIo_.run_until(deadline);
    const bool gameDrained = !gameThreads_ || gameThreads_->waitUntil(deadline);
    if (!controlIo_.stopped() || !gameDrained)
        logger_->warn("Shutdown: work still pending after {}s; exiting anyway", kShutdownGrace.count());
    if (gameThreads_) gameThreads_->stopAndJoin();
    if (loginWorkers_) loginWorkers_->join();  // logins in progress end; their answers go nowhere
    if (sync_) sync_->stop();                  // the last batch, its PubAck (bounded), the final snapshot
    logger_->info("Shutdown complete");
}

void NodeApp::onSignal(boost::system::error_code error, int signalNumber) {
    if (error) return;  // cancelled by stopServing
    logger_->info("Shutting down (signal {})", signalName(signalNumber));
    stopRequested_ = true;
    stopServing();
}

void NodeApp::stopServing() {
    // Ordered: stop accepting everywhere, then close the open sessions; run() then stops the sync.
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    if (gameTcp_) gameTcp_->stop();
    if (gameUdp_) gameUdp_->stop();
    if (gameServer_) gameServer_->stop();  // goodbye to every player; run() drains the sessions
    if (restServer_) restServer_->stop();
    if (metricsServer_) metricsServer_->stop();
}

}  // namespace mmo::node
