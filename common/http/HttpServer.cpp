#include "common/http/HttpServer.hpp"

#include <algorithm>

#include "common/http/HttpSession.hpp"

namespace mmo::http {

namespace asio = boost::asio;

HttpServer::HttpServer(std::string name, asio::ip::tcp::acceptor&& acceptor, RequestDispatcher dispatcher,
                       HttpLimits limits, std::shared_ptr<spdlog::logger> logger)
    : name_(std::move(name)),
      dispatcher_(std::move(dispatcher)),
      limits_(limits),
      logger_(std::move(logger)),
      slots_(limits.maxConnections, limits.maxConnectionsPerAddress),
      loop_(name_, std::move(acceptor), logger_,
            [this](asio::ip::tcp::socket socket) { onConnection(std::move(socket)); }) {}

HttpServer::~HttpServer() {
    stop();
}

asio::ip::tcp::endpoint HttpServer::localEndpoint() const {
    return loop_.localEndpoint();
}

void HttpServer::start() {
    loop_.start();
}

void HttpServer::stop() {
    std::vector<std::weak_ptr<HttpSession>> sessions;
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        sessions.swap(sessions_);
    }
    loop_.stop();
    for (const auto& weak : sessions)
        if (auto session = weak.lock()) session->close();
}

void HttpServer::onConnection(asio::ip::tcp::socket socket) {
    boost::system::error_code error;
    const auto remote = socket.remote_endpoint(error);
    if (error) return;  // already gone
    auto taken = slots_.take(remote.address());
    if (const auto* why = std::get_if<ConnectionSlots::Refusal>(&taken))
        return refuse(socket, remote.address(), *why);
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    std::erase_if(sessions_, [](const std::weak_ptr<HttpSession>& weak) { return weak.expired(); });
    auto session = std::make_shared<HttpSession>(
        std::move(socket), std::move(std::get<ConnectionSlots::Slot>(taken)), dispatcher_, limits_, logger_);
    sessions_.push_back(session);
    session->start();
}

void HttpServer::refuse(asio::ip::tcp::socket& socket, const asio::ip::address& address,
                        ConnectionSlots::Refusal why) {
    boost::system::error_code ignored;
    socket.close(ignored);
    const auto unreported = refusalReports_.occurred(net::ReportThrottle::Clock::now());
    if (!unreported) return;
    std::string detail =
        *unreported > 0 ? " (" + std::to_string(*unreported) + " more refused since the last report)" : "";
    if (!limits_.limitsHint.empty()) detail += "; hint: " + limits_.limitsHint;
    if (why == ConnectionSlots::Refusal::ServerFull)
        logger_->warn("{}: {} connections open, the most it holds: closed a new connection from {}{}", name_,
                      slots_.maxConnections(), address.to_string(), detail);
    else
        logger_->warn(
            "{}: {} already has {} connections open, the most one address may hold: closed its new "
            "connection{}",
            name_, address.to_string(), slots_.maxPerAddress(), detail);
}

}  // namespace mmo::http
