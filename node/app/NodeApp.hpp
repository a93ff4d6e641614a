#pragma once

#include <spdlog/logger.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "common/config/NodeConfig.hpp"
#include "node/api/StatusRoute.hpp"
#include "node/game/GameTcpListener.hpp"
#include "node/game/GameUdpEndpoint.hpp"
#include "node/http/HttpServer.hpp"
#include "node/http/Router.hpp"

namespace mmo::node {

// Wires the node's parts and runs them.
//
// Threading: one io_context run by the calling thread. Every handler (listeners, HTTP sessions, signals)
// runs on that thread, so the parts need no locks between them today. HTTP sessions already keep to a
// strand each, so running the io_context on more threads later only needs the shared state guarded.
//
// Life cycle: the constructor binds all four listeners (a busy port fails here, before anything is
// served: ListenFailure); start() begins serving and logs the bound ports; run() returns after SIGINT or
// SIGTERM once the listeners are closed and the sessions ended, or after kShutdownGrace at the latest.
class NodeApp {
  public:
    static constexpr std::chrono::seconds kShutdownGrace{5};

    NodeApp(const config::NodeConfig& config, std::string version, std::shared_ptr<spdlog::logger> logger);
    ~NodeApp();

    NodeApp(const NodeApp&) = delete;
    NodeApp& operator=(const NodeApp&) = delete;

    // The ports the listeners bound (OS-chosen ones when 0 was configured).
    api::BoundPorts boundPorts() const;

    // Registers the routes, starts every listener and logs where each one listens.
    void start();

    // Serves until a shutdown signal, then shuts down in order; returns when done.
    void run();

  private:
    void bindListeners();
    void addRoutes();
    void onSignal(boost::system::error_code error, int signalNumber);
    void stopServing();

    config::NodeConfig config_;
    std::string version_;
    std::shared_ptr<spdlog::logger> logger_;
    std::chrono::steady_clock::time_point startedAt_;
    boost::asio::io_context io_{1};
    boost::asio::signal_set signals_;
    http::Router restRouter_;
    http::Router metricsRouter_;
    std::unique_ptr<game::GameTcpListener> gameTcp_;
    std::unique_ptr<game::GameUdpEndpoint> gameUdp_;
    std::unique_ptr<http::HttpServer> restServer_;
    std::unique_ptr<http::HttpServer> metricsServer_;
    bool stopRequested_ = false;
};

// "SIGTERM" for SIGTERM, "SIGINT" for SIGINT, "signal N" otherwise.
std::string signalName(int signalNumber);

}  // namespace mmo::node
