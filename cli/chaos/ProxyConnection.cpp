#include "cli/chaos/ProxyConnection.hpp"

#include <boost/asio/socket_base.hpp>
#include <sstream>

namespace mmo::cli::chaos {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::string describe(const tcp::socket& socket) {
    boost::system::error_code error;
    const auto endpoint = socket.remote_endpoint(error);
    if (error) return "?";
    std::ostringstream text;
    text << endpoint;
    return text.str();
}

// Closes a socket so that the peer sees a reset (RST), not an orderly end of stream.
void abortSocket(tcp::socket& socket) {
    boost::system::error_code ignored;
    if (!socket.is_open()) return;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
}

}  // namespace

ProxyConnection::ProxyConnection(tcp::socket client, std::shared_ptr<LinkState> link,
                                 std::vector<tcp::endpoint> upstreams, ConnectionSettings settings,
                                 std::uint64_t seed, std::shared_ptr<spdlog::logger> logger)
    : client_(std::move(client)),
      upstream_(client_.get_executor()),
      link_(std::move(link)),
      upstreams_(std::move(upstreams)),
      settings_(settings),
      logger_(std::move(logger)),
      connectTimer_(client_.get_executor()),
      up_(client_, upstream_, *link_, Direction::Up, settings.queueLimit, seed,
          [this](bool failed) { pipeFinished(failed); }),
      down_(upstream_, client_, *link_, Direction::Down, settings.queueLimit, seed + 1,
            [this](bool failed) { pipeFinished(failed); }),
      peer_(describe(client_)) {}

void ProxyConnection::start() {
    boost::system::error_code ignored;
    client_.set_option(tcp::no_delay(true), ignored);  // the delay is ours to add, not Nagle's
    connect(0);
}

void ProxyConnection::connect(std::size_t index) {
    if (closed_) return;
    if (index >= upstreams_.size()) {
        logger_->warn("link {}: no upstream answered for {}; closing it (its client will reconnect)",
                      link_->region(), peer_);
        return close(false);
    }
    connectTimer_.expires_after(settings_.connectTimeout);
    connectTimer_.async_wait([this, self = shared_from_this()](boost::system::error_code error) {
        if (!error && !piping_) {
            boost::system::error_code ignored;
            upstream_.close(ignored);  // the pending connect ends with operation_aborted
        }
    });
    upstream_.async_connect(upstreams_[index],
                            [this, self = shared_from_this(), index](boost::system::error_code error) {
                                onConnected(index, error);
                            });
}

void ProxyConnection::onConnected(std::size_t index, boost::system::error_code error) {
    connectTimer_.cancel();
    if (closed_) return;
    if (error) {
        logger_->debug(
            "link {}: upstream {} failed: {}", link_->region(),
            upstreams_[index].address().to_string() + ":" + std::to_string(upstreams_[index].port()),
            error.message());
        boost::system::error_code ignored;
        upstream_.close(ignored);
        return connect(index + 1);
    }
    boost::system::error_code ignored;
    upstream_.set_option(tcp::no_delay(true), ignored);
    piping_ = true;
    logger_->debug("link {}: {} connected upstream", link_->region(), peer_);
    const std::weak_ptr<void> owner = shared_from_this();
    up_.start(owner);
    down_.start(owner);
}

void ProxyConnection::linkChanged() {
    if (closed_ || !piping_) return;
    up_.kick();
    down_.kick();
}

void ProxyConnection::reset() {
    close(true);
}

std::size_t ProxyConnection::queued(Direction direction) const {
    return direction == Direction::Up ? up_.queued() : down_.queued();
}

void ProxyConnection::pipeFinished(bool failed) {
    if (closed_) return;
    if (failed) return close(true);
    if (++ended_ == 2) close(false);
}

void ProxyConnection::close(bool abrupt) {
    if (closed_) return;
    closed_ = true;
    up_.stop();
    down_.stop();
    connectTimer_.cancel();
    boost::system::error_code ignored;
    if (abrupt) {
        abortSocket(client_);
        abortSocket(upstream_);
    } else {
        client_.close(ignored);
        upstream_.close(ignored);
    }
    logger_->debug("link {}: {} closed{}", link_->region(), peer_, abrupt ? " (reset)" : "");
    link_->detach(this);  // last: it may drop the last reference (the caller's handler holds one too)
}

}  // namespace mmo::cli::chaos
