#pragma once

#include <spdlog/logger.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/net/AcceptBackoff.hpp"

namespace mmo::net {

// Accepts connections on an already bound, listening acceptor and hands each socket, on a strand of its
// own, to the handler. A failed accept() (EMFILE when the process has no descriptor left) pauses the loop
// with AcceptBackoff instead of retrying at once, and is logged at most once per report interval.
//
// Threading: the io_context may run on any number of threads. The loop's handlers keep to a strand of
// their own (one connection handed over at a time); each accepted socket gets a new strand of the
// io_context, so sessions run in parallel. stop() may be called from any thread and takes effect at once
// (the acceptor is closed under a mutex that the loop takes around its own use of it).
class AcceptLoop {
  public:
    using Handler = std::function<void(boost::asio::ip::tcp::socket socket)>;

    // `service` names the listener in log lines ("REST API", "Game server").
    AcceptLoop(std::string service, boost::asio::ip::tcp::acceptor&& acceptor,
               std::shared_ptr<spdlog::logger> logger, Handler handler);

    AcceptLoop(const AcceptLoop&) = delete;
    AcceptLoop& operator=(const AcceptLoop&) = delete;

    // The bound address and port (the real port when 0 was asked for).
    const boost::asio::ip::tcp::endpoint& localEndpoint() const { return endpoint_; }

    // Starts accepting.
    void start();

    // Stops accepting: closes the acceptor and ends a pause.
    void stop();

  private:
    void accept();
    void onAccept(const boost::system::error_code& error, boost::asio::ip::tcp::socket socket);
    void pauseThenAccept(const boost::system::error_code& error);

    std::string service_;
    boost::asio::any_io_executor connectionExecutor_;  // the io_context's own: each socket gets a new strand
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::mutex mutex_;  // acceptor_, pause_ and stopped_: the loop's strand against stop()
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::asio::steady_timer pause_;
    AcceptBackoff backoff_;
    std::shared_ptr<spdlog::logger> logger_;
    Handler handler_;
    bool stopped_ = false;
};

}  // namespace mmo::net
