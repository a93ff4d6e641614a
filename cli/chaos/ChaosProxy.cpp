#include "cli/chaos/ChaosProxy.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <random>
#include <stdexcept>

#include "cli/chaos/RateText.hpp"
#include "common/net/SocketBinder.hpp"

namespace mmo::cli::chaos {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::vector<tcp::endpoint> resolveUpstreams(asio::io_context& io, const ProxyLinkConfig& link) {
    std::vector<tcp::endpoint> endpoints;
    tcp::resolver resolver(io);
    for (const auto& upstream : link.upstreams) {
        const auto [host, port] = splitHostPort(upstream);
        boost::system::error_code error;
        const auto results = resolver.resolve(host, std::to_string(port), error);
        if (error || results.empty())
            throw std::runtime_error("link " + link.region + ": cannot resolve upstream " + upstream + ": " +
                                     error.message());
        endpoints.push_back(results.begin()->endpoint());
    }
    return endpoints;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

}  // namespace

ChaosProxy::ChaosProxy(const ProxyConfig& config, std::shared_ptr<spdlog::logger> logger)
    : logger_(std::move(logger)), router_(logger_), signals_(io_, SIGINT, SIGTERM) {
    std::mt19937_64 seeds(config.seed != 0 ? config.seed : std::random_device{}());
    for (const auto& link : config.links) {
        auto upstreams = resolveUpstreams(io_, link);
        auto acceptor = net::openTcpAcceptor(io_.get_executor(), link.listenHost, link.listenPort);
        auto state = std::make_shared<LinkState>(link.region, link.shape, io_.get_executor(), logger_);
        listeners_.push_back(std::make_unique<LinkListener>(std::move(acceptor), state, std::move(upstreams),
                                                            config.connection, config.maxConnections, seeds(),
                                                            logger_));
        views_.push_back({state,
                          net::formatEndpoint(listeners_.back()->localEndpoint().address(),
                                              listeners_.back()->localEndpoint().port()),
                          link.upstreams});
    }
    addControlRoutes(router_, views_, config.controlToken);
    http::HttpLimits limits;
    limits.bodyLimit = 16 * 1024;
    limits.maxConnections = 64;
    control_ = std::make_unique<http::HttpServer>(
        "chaos control", net::openTcpAcceptor(io_.get_executor(), "127.0.0.1", config.controlPort),
        router_.dispatcher(), limits, logger_);
}

ChaosProxy::~ChaosProxy() {
    shutdown();
}

std::uint16_t ChaosProxy::controlPort() const {
    return control_->localEndpoint().port();
}

std::uint16_t ChaosProxy::linkPort(std::size_t index) const {
    return listeners_.at(index)->localEndpoint().port();
}

void ChaosProxy::run() {
    for (std::size_t i = 0; i < listeners_.size(); ++i) {
        const auto& view = views_[i];
        const auto& shape = view.state->shape();
        logger_->info("chaos link {} listening on {} -> {} (latency {}, jitter {}, rate {})",
                      view.state->region(), view.listen, joined(view.upstreams), formatMillis(shape.latency),
                      formatMillis(shape.jitter), formatRate(shape.rateBitsPerSecond));
        listeners_[i]->start();
    }
    control_->start();
    logger_->info("chaos control listening on http://127.0.0.1:{}", controlPort());
    signals_.async_wait([this](boost::system::error_code error, int signal) {
        if (error) return;
        logger_->info("chaos: stopping (signal {})", signal);
        shutdown();
    });
    logger_->info("chaos ready: {} link(s)", listeners_.size());
    io_.run();
    logger_->info("chaos: stopped");
}

void ChaosProxy::stop() {
    asio::post(io_, [this] { shutdown(); });
}

void ChaosProxy::shutdown() {
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    if (control_) control_->stop();
    for (auto& listener : listeners_) listener->stop();
    for (auto& view : views_) view.state->stop();
}

}  // namespace mmo::cli::chaos
