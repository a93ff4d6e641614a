#pragma once

#include <spdlog/logger.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <vector>

#include "cli/chaos/ControlApi.hpp"
#include "cli/chaos/LinkListener.hpp"
#include "cli/chaos/ProxyConfig.hpp"
#include "common/http/HttpServer.hpp"
#include "common/http/Router.hpp"

namespace mmo::cli::chaos {

// The chaos link proxy: one listener per region link, the control API, all on one io_context run by one
// thread (so links, connections and API handlers never race). The constructor binds every port and
// resolves every upstream, so a failure happens before anything is served.
class ChaosProxy {
  public:
    // Throws net::BindError for a port it cannot bind, std::runtime_error for an upstream it cannot
    // resolve.
    ChaosProxy(const ProxyConfig& config, std::shared_ptr<spdlog::logger> logger);
    ~ChaosProxy();
    ChaosProxy(const ChaosProxy&) = delete;
    ChaosProxy& operator=(const ChaosProxy&) = delete;

    // Logs one line per bound port ("chaos link eu-west-1 listening on 127.0.0.1:5222 -> ...", "chaos
    // control listening on http://127.0.0.1:9222"), then serves until SIGINT/SIGTERM or stop().
    void run();

    // Stops serving (from any thread): listeners close, connections are reset, run() returns.
    void stop();

    std::uint16_t controlPort() const;
    std::uint16_t linkPort(std::size_t index) const;

  private:
    void shutdown();

    boost::asio::io_context io_;  // first: destroyed last, after everything that has handlers on it
    std::shared_ptr<spdlog::logger> logger_;
    std::vector<std::unique_ptr<LinkListener>> listeners_;
    std::vector<LinkView> views_;
    http::Router router_;
    std::unique_ptr<http::HttpServer> control_;
    boost::asio::signal_set signals_;
};

}  // namespace mmo::cli::chaos
