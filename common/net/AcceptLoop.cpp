#include "common/net/AcceptLoop.hpp"

#include <boost/asio/bind_executor.hpp>

namespace mmo::net {

namespace asio = boost::asio;

AcceptLoop::AcceptLoop(std::string service, asio::ip::tcp::acceptor&& acceptor,
                       std::shared_ptr<spdlog::logger> logger, Handler handler)
    : service_(std::move(service)),
      connectionExecutor_(acceptor.get_executor()),
      strand_(asio::make_strand(connectionExecutor_)),
      acceptor_(std::move(acceptor)),
      endpoint_(acceptor_.local_endpoint()),
      pause_(strand_),
      logger_(std::move(logger)),
      handler_(std::move(handler)) {}

void AcceptLoop::start() {
    accept();
}

void AcceptLoop::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    pause_.cancel();
}

void AcceptLoop::accept() {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    // Each connection gets its own strand: sessions run in parallel on the io_context's threads.
    acceptor_.async_accept(
        asio::make_strand(connectionExecutor_),
        asio::bind_executor(strand_, [this](boost::system::error_code error, asio::ip::tcp::socket socket) {
            onAccept(error, std::move(socket));
        }));
}

void AcceptLoop::onAccept(const boost::system::error_code& error, asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;  // stop()
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
    }
    if (error) return pauseThenAccept(error);
    backoff_.onSuccess();
    handler_(std::move(socket));
    accept();
}

void AcceptLoop::pauseThenAccept(const boost::system::error_code& error) {
    // The pending connection stays in the kernel's backlog; it is accepted once a descriptor is free.
    const auto decision = backoff_.onFailure(AcceptBackoff::Clock::now());
    if (decision.report) logger_->warn("{}", describeAcceptFailure(service_, error, decision));
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    pause_.expires_after(decision.pause);
    pause_.async_wait([this](const boost::system::error_code& waitError) {
        if (!waitError) accept();
    });
}

}  // namespace mmo::net
