#include "cli/console/ConsoleServer.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <csignal>

#include "cli/console/ConsoleAssets.hpp"
#include "cli/console/ProxyRules.hpp"
#include "cli/state/StateFile.hpp"
#include "common/http/HttpClient.hpp"
#include "common/http/HttpError.hpp"
#include "common/http/Responses.hpp"
#include "common/net/SocketBinder.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::console {

namespace asio = boost::asio;
namespace beasthttp = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr std::chrono::milliseconds kNodeTimeout{2000};
constexpr std::size_t kNodeResponseLimit = 4u << 20;

// What every answer of the console carries: nothing may frame it, load from elsewhere or be cached.
void harden(http::Response& response) {
    response.set("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set(beasthttp::field::cache_control, "no-store");
}

std::vector<ProxyRegion> proxyRegions(const std::optional<SetState>& state) {
    std::vector<ProxyRegion> regions;
    if (!state) return regions;
    for (const auto& r : state->regions)
        regions.push_back({r.process.name, static_cast<std::uint16_t>(r.restPort)});
    return regions;
}

// The node's answer inside the console's envelope: {"region", "status", "body"} (the body as JSON when it
// is JSON, else as text), or {"region", "status": 0, "error"} when the node could not be reached. Always
// HTTP 200: a region that is down is data for the page, not a failure of the console.
json::object envelope(const ProxyTarget& target, const http_client::HttpResponse& answer) {
    json::object out;
    out["region"] = target.region;
    out["status"] = answer.status;
    boost::system::error_code error;
    auto body = json::parse(answer.body, error);
    if (error)
        out["body"] = answer.body.substr(0, 4096);
    else
        out["body"] = std::move(body);
    return out;
}

}  // namespace

ConsoleServer::ConsoleServer(ConsoleSettings settings, std::shared_ptr<spdlog::logger> logger)
    : settings_(std::move(settings)),
      logger_(std::move(logger)),
      router_(logger_),
      signals_(io_, SIGINT, SIGTERM) {
    auto acceptor = net::openTcpAcceptor(io_.get_executor(), "127.0.0.1", settings_.port);
    const auto port = std::to_string(acceptor.local_endpoint().port());
    http::RequestGuardSettings guard;
    guard.allowedOrigins = {"http://127.0.0.1:" + port, "http://localhost:" + port};
    guard.originsKey = "the console's own origin";
    guard.checkHost = true;
    guard.hostsKey =
        "(none: open the console as http://127.0.0.1:" + port + "/ or http://localhost:" + port + "/)";
    guard.hostCheckReason = "the console answers only to localhost or an IP address (DNS rebinding)";
    guard_ = std::make_unique<http::RequestGuard>(guard);
    router_.setGuard([this](const http::Request& request) { guard_->check(request); });
    for (const auto& asset : consoleAssets()) {
        const auto serve = [&asset](const http::Request&, const http::RequestContext&) {
            return http::textResponse(beasthttp::status::ok, std::string(asset.contentType),
                                      std::string(asset.body));
        };
        router_.add(beasthttp::verb::get, std::string(asset.path), serve);
        if (asset.path == "/index.html") router_.add(beasthttp::verb::get, "/", serve);
    }
    router_.add(beasthttp::verb::get, "/console/set",
                [this](const http::Request&, const http::RequestContext&) { return setInfo(); });
    http::HttpLimits limits;
    limits.bodyLimit = kBodyLimit;
    limits.maxConnections = 64;
    limits.limitsHint = "(mmoctl console: 64 connections)";
    server_ = std::make_unique<http::HttpServer>(
        "console", std::move(acceptor),
        [this](http::Request&& request, const http::RequestContext& context, http::Respond respond) {
            dispatch(std::move(request), context, std::move(respond));
        },
        limits, logger_);
}

ConsoleServer::~ConsoleServer() {
    shutdown();
    calls_.join();
}

std::uint16_t ConsoleServer::port() const {
    return server_->localEndpoint().port();
}

std::string ConsoleServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/";
}

void ConsoleServer::dispatch(http::Request&& request, const http::RequestContext& context,
                             http::Respond respond) {
    auto hardened = [respond = std::move(respond)](http::Response response) {
        harden(response);
        respond(std::move(response));
    };
    const auto path = http::targetPath(request);
    if (path.rfind(kProxyPrefix, 0) != 0) {
        router_.dispatch(std::move(request), context, std::move(hardened));
        return;
    }
    try {
        guard_->check(request);
        forward(std::move(request), hardened);
    } catch (const http::HttpError& error) {
        hardened(http::errorResponse(error.status(), error.code(), error.what()));
    } catch (const std::exception& error) {
        logger_->error("console: {} failed: {}", path, error.what());
        hardened(http::errorResponse(beasthttp::status::internal_server_error, "internal",
                                     std::string("console: ") + error.what()));
    }
}

void ConsoleServer::forward(http::Request&& request, http::Respond respond) {
    const bool post = request.method() == beasthttp::verb::post;
    if (!post && request.method() != beasthttp::verb::get)
        throw http::HttpError(beasthttp::status::method_not_allowed, "method_not_allowed",
                              "the console forwards GET and POST only");
    const auto decision =
        resolveProxyTarget(post ? ProxyMethod::Post : ProxyMethod::Get,
                           std::string_view(request.target().data(), request.target().size()),
                           proxyRegions(readState(settings_.stateDir)));
    if (!decision.target)
        throw http::HttpError(static_cast<beasthttp::status>(decision.refusal.status), decision.refusal.code,
                              decision.refusal.message);
    if (inFlight_.fetch_add(1) >= kMaxInFlight) {
        inFlight_.fetch_sub(1);
        throw http::HttpError(beasthttp::status::service_unavailable, "busy",
                              "too many node calls in flight; retry");
    }
    http_client::HttpRequestOptions options;
    options.timeout = kNodeTimeout;
    options.maxResponseBytes = kNodeResponseLimit;
    if (decision.target->sendsAuth) {
        const auto auth = request[beasthttp::field::authorization];
        if (!auth.empty()) options.headers["Authorization"] = std::string(auth);
    }
    asio::post(calls_, [this, target = *decision.target, options, post, body = std::move(request.body()),
                        respond = std::move(respond)] {
        json::object out;
        try {
            const auto answer =
                post ? http_client::post("127.0.0.1", target.port, target.target, body, options)
                     : http_client::get("127.0.0.1", target.port, target.target, options);
            out = envelope(target, answer);
        } catch (const std::exception& error) {
            out["region"] = target.region;
            out["status"] = 0;
            out["error"] = error.what();
        }
        inFlight_.fetch_sub(1);
        respond(http::jsonResponse(beasthttp::status::ok, out));
    });
}

http::Response ConsoleServer::setInfo() const {
    const auto state = readState(settings_.stateDir);
    json::object out;
    out["state_dir"] = settings_.stateDir.string();
    out["running"] = state.has_value();
    json::array regions;
    if (state)
        for (const auto& r : state->regions) {
            json::object region;
            region["region"] = r.process.name;
            const auto alias = regions::aliasOf(r.process.name);
            region["alias"] = alias ? json::value(*alias) : json::value(nullptr);
            region["rest_port"] = r.restPort;
            region["metrics_port"] = r.metricsPort;
            regions.push_back(std::move(region));
        }
    out["regions"] = std::move(regions);
    out["chaos"] = state && state->chaos.has_value();
    if (state && state->prometheus && state->prometheus->port > 0)
        out["prometheus_url"] = "http://127.0.0.1:" + std::to_string(state->prometheus->port) + "/";
    else
        out["prometheus_url"] = nullptr;
    return http::jsonResponse(beasthttp::status::ok, out);
}

void ConsoleServer::run() {
    server_->start();
    signals_.async_wait([this](boost::system::error_code error, int signal) {
        if (error) return;
        logger_->info("console: stopping (signal {})", signal);
        shutdown();
    });
    io_.run();
}

void ConsoleServer::stop() {
    asio::post(io_, [this] { shutdown(); });
}

void ConsoleServer::shutdown() {
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    if (server_) server_->stop();
}

}  // namespace mmo::cli::console
