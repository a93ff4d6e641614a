#include "cli/chaos/LinkListener.hpp"

#include <boost/asio/socket_base.hpp>

namespace mmo::cli::chaos {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::chrono::milliseconds kAcceptRetry{100};
}

LinkListener::LinkListener(tcp::acceptor acceptor, std::shared_ptr<LinkState> link,
                           std::vector<tcp::endpoint> upstreams, ConnectionSettings settings,
                           std::size_t maxConnections, std::uint64_t seed,
                           std::shared_ptr<spdlog::logger> logger)
    : acceptor_(std::move(acceptor)),
      endpoint_(acceptor_.local_endpoint()),
      link_(std::move(link)),
      upstreams_(std::move(upstreams)),
      settings_(settings),
      maxConnections_(maxConnections),
      seeds_(seed),
      logger_(std::move(logger)),
      retry_(acceptor_.get_executor()) {}

void LinkListener::start() {
    accept();
}

void LinkListener::stop() {
    stopped_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
    link_->resetAll();
}

void LinkListener::accept() {
    acceptor_.async_accept(
        [this](boost::system::error_code error, tcp::socket socket) { onAccept(error, std::move(socket)); });
}

void LinkListener::onAccept(boost::system::error_code error, tcp::socket socket) {
    if (stopped_ || error == asio::error::operation_aborted) return;
    if (error) {  // EMFILE and friends: try again shortly rather than spin
        logger_->warn("link {}: accept failed: {}", link_->region(), error.message());
        retry_.expires_after(kAcceptRetry);
        retry_.async_wait([this](boost::system::error_code e) {
            if (!e && !stopped_) accept();
        });
        return;
    }
    boost::system::error_code ignored;
    if (link_->refusing()) {
        link_->connectionRefused();
        socket.set_option(asio::socket_base::linger(true, 0), ignored);
        socket.close(ignored);
    } else if (link_->openConnections() >= maxConnections_) {
        logger_->warn("link {}: {} connections open, the limit; closing a new one", link_->region(),
                      maxConnections_);
        socket.close(ignored);
    } else {
        auto connection = std::make_shared<ProxyConnection>(std::move(socket), link_, upstreams_, settings_,
                                                            seeds_(), logger_);
        link_->attach(connection);
        connection->start();
    }
    accept();
}

}  // namespace mmo::cli::chaos
