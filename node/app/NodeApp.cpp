#include "node/app/NodeApp.hpp"

#include <csignal>

#include "node/api/HealthRoutes.hpp"
#include "node/app/ListenFailure.hpp"
#include "node/metrics/MetricsEndpoint.hpp"
#include "node/net/SocketBinder.hpp"

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
                 std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      version_(std::move(version)),
      logger_(std::move(logger)),
      startedAt_(std::chrono::steady_clock::now()),
      signals_(io_, SIGINT, SIGTERM),  // before binding: a signal during start is queued, not fatal
      restRouter_(logger_),
      metricsRouter_(logger_) {
    bindListeners();
}

NodeApp::~NodeApp() {
    stopServing();
}

void NodeApp::bindListeners() {
    const auto& server = config_.server;
    const auto executor = io_.get_executor();
    auto tcp = openListener("game server", "server.tcp_port",
                            [&] { return net::openTcpAcceptor(executor, server.host, server.tcp_port); });
    auto udp = openListener("game server", "server.udp_port",
                            [&] { return net::openUdpSocket(executor, server.host, server.udp_port); });
    auto rest = openListener("REST API", "server.rest_port",
                             [&] { return net::openTcpAcceptor(executor, server.host, server.rest_port); });
    auto metrics = openListener("metrics server", "server.metrics_port", [&] {
        return net::openTcpAcceptor(executor, server.host, server.metrics_port);
    });

    const http::HttpLimits limits;
    gameTcp_ = std::make_unique<game::GameTcpListener>(std::move(tcp), logger_);
    gameUdp_ = std::make_unique<game::GameUdpEndpoint>(std::move(udp), logger_);
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
    // Seams for later issues: the sync layer replaces alwaysReady and adds status fields and collectors.
    api::addHealthRoutes(restRouter_, api::alwaysReady);
    api::addStatusRoute(restRouter_, {config_.sync.region_id, version_, boundPorts(), startedAt_},
                        [] { return std::chrono::steady_clock::now(); });
    metrics::addMetricsRoute(metricsRouter_, {metrics::buildInfoCollector(version_, config_.sync.region_id)});
}

void NodeApp::start() {
    addRoutes();
    signals_.async_wait(
        [this](boost::system::error_code error, int signalNumber) { onSignal(error, signalNumber); });
    gameTcp_->start();
    gameUdp_->start();
    restServer_->start();
    metricsServer_->start();

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
    while (!stopRequested_ && io_.run_one() > 0) {
    }
    // Draining: sessions finish their responses and close; bounded so that a stuck peer cannot hold us.
    io_.run_for(kShutdownGrace);
    if (!io_.stopped())
        logger_->warn("Shutdown: work still pending after {}s; exiting anyway", kShutdownGrace.count());
    logger_->info("Shutdown complete");
}

void NodeApp::onSignal(boost::system::error_code error, int signalNumber) {
    if (error) return;  // cancelled by stopServing
    logger_->info("Shutting down (signal {})", signalName(signalNumber));
    stopRequested_ = true;
    stopServing();
}

void NodeApp::stopServing() {
    // Ordered: stop accepting everywhere, then close the open sessions. Later issues add: flush the last
    // batch and wait for its ack, close the bus, snapshot the world.
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    if (gameTcp_) gameTcp_->stop();
    if (gameUdp_) gameUdp_->stop();
    if (restServer_) restServer_->stop();
    if (metricsServer_) metricsServer_->stop();
}

}  // namespace mmo::node
