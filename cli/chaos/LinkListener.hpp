#pragma once

#include <spdlog/logger.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>
#include <vector>

#include "cli/chaos/LinkState.hpp"
#include "cli/chaos/ProxyConnection.hpp"

namespace mmo::cli::chaos {

// The listening port of one region link: accepts node connections and proxies each to the upstreams.
// While the link is partitioned in reset mode a new connection is accepted and reset at once (the port
// stays ours); over `maxConnections` open ones it is closed.
class LinkListener {
  public:
    LinkListener(boost::asio::ip::tcp::acceptor acceptor, std::shared_ptr<LinkState> link,
                 std::vector<boost::asio::ip::tcp::endpoint> upstreams, ConnectionSettings settings,
                 std::size_t maxConnections, std::uint64_t seed, std::shared_ptr<spdlog::logger> logger);

    boost::asio::ip::tcp::endpoint localEndpoint() const { return endpoint_; }
    const std::vector<boost::asio::ip::tcp::endpoint>& upstreams() const { return upstreams_; }

    void start();
    // Stops accepting and resets every open connection.
    void stop();

  private:
    void accept();
    void onAccept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::shared_ptr<LinkState> link_;
    std::vector<boost::asio::ip::tcp::endpoint> upstreams_;
    ConnectionSettings settings_;
    std::size_t maxConnections_;
    std::mt19937_64 seeds_;
    std::shared_ptr<spdlog::logger> logger_;
    boost::asio::steady_timer retry_;
    bool stopped_ = false;
};

}  // namespace mmo::cli::chaos
