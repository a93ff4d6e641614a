#include "common/http/HttpServer.hpp"

#include <algorithm>
#include <boost/asio/strand.hpp>

#include "common/http/HttpSession.hpp"

namespace mmo::http {

namespace asio = boost::asio;

HttpServer::HttpServer(std::string name, asio::ip::tcp::acceptor&& acceptor, RequestDispatcher dispatcher,
                       HttpLimits limits, std::shared_ptr<spdlog::logger> logger)
    : name_(std::move(name)),
      acceptor_(std::move(acceptor)),
      endpoint_(acceptor_.local_endpoint()),
      dispatcher_(std::move(dispatcher)),
      limits_(limits),
      logger_(std::move(logger)) {}

HttpServer::~HttpServer() {
    stop();
}

asio::ip::tcp::endpoint HttpServer::localEndpoint() const {
    return endpoint_;
}

void HttpServer::start() {
    accept();
}

void HttpServer::stop() {
    std::vector<std::weak_ptr<HttpSession>> sessions;
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        sessions.swap(sessions_);
    }
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (const auto& weak : sessions)
        if (auto session = weak.lock()) session->close();
}

void HttpServer::accept() {
    // Each connection gets its own strand, so the server stays correct if the node runs more threads.
    acceptor_.async_accept(asio::make_strand(acceptor_.get_executor()),
                           [this](boost::system::error_code error, asio::ip::tcp::socket socket) {
                               onAccept(error, std::move(socket));
                           });
}

void HttpServer::onAccept(boost::system::error_code error, asio::ip::tcp::socket socket) {
    if (error == asio::error::operation_aborted) return;  // stop()
    if (error) {
        // EMFILE and friends: log and keep accepting; the next attempt may succeed.
        logger_->warn("{}: accept failed: {}", name_, error.message());
        return accept();
    }
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        if (liveSessions() >= limits_.maxConnections) {
            logger_->warn("{}: connection limit {} reached, closing a new connection", name_,
                          limits_.maxConnections);
        } else {
            auto session = std::make_shared<HttpSession>(std::move(socket), dispatcher_, limits_, logger_);
            sessions_.push_back(session);
            session->start();
        }
    }
    accept();
}

std::size_t HttpServer::liveSessions() {
    std::erase_if(sessions_, [](const std::weak_ptr<HttpSession>& weak) { return weak.expired(); });
    return sessions_.size();
}

}  // namespace mmo::http
