#pragma once

#include <spdlog/logger.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "cli/chaos/LinkPeer.hpp"
#include "cli/chaos/LinkState.hpp"
#include "cli/chaos/Pipe.hpp"

namespace mmo::cli::chaos {

// Limits of every proxied connection.
struct ConnectionSettings {
    std::size_t queueLimit = 4u << 20;  // bytes held per direction before the proxy stops reading
    std::chrono::milliseconds connectTimeout{5000};  // per upstream address
};

// One client connection of a region link and its upstream connection: connects to the first upstream
// that answers (in order), then runs a Pipe each way. It owns itself through shared_from_this while an
// operation is pending. No upstream reachable: the client is closed (a NATS client then reconnects).
// An error on either side closes both (with a reset when the error was one); an end of stream is passed
// on in order, and the connection closes once both directions ended.
class ProxyConnection : public LinkPeer, public std::enable_shared_from_this<ProxyConnection> {
  public:
    ProxyConnection(boost::asio::ip::tcp::socket client, std::shared_ptr<LinkState> link,
                    std::vector<boost::asio::ip::tcp::endpoint> upstreams, ConnectionSettings settings,
                    std::uint64_t seed, std::shared_ptr<spdlog::logger> logger);

    // Connects upstream, then starts both pipes.
    void start();

    void linkChanged() override;
    void reset() override;
    std::size_t queued(Direction direction) const override;

  private:
    void connect(std::size_t index);
    void onConnected(std::size_t index, boost::system::error_code error);
    void pipeFinished(bool failed);
    void close(bool abrupt);

    boost::asio::ip::tcp::socket client_;
    boost::asio::ip::tcp::socket upstream_;
    std::shared_ptr<LinkState> link_;
    std::vector<boost::asio::ip::tcp::endpoint> upstreams_;
    ConnectionSettings settings_;
    std::shared_ptr<spdlog::logger> logger_;
    boost::asio::steady_timer connectTimer_;
    Pipe up_;
    Pipe down_;
    std::string peer_;  // the client's address, for the log
    bool piping_ = false;
    bool closed_ = false;
    int ended_ = 0;  // directions whose end of stream went through
};

}  // namespace mmo::cli::chaos
