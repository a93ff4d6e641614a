#pragma once

#include <spdlog/logger.h>

#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/http/HttpTypes.hpp"

// Method + path -> handler. Unknown paths get 404, a known path with another method 405 with Allow;
// both with the JSON error body. The query string is not part of the path match. Every handler gets the
// request and its RequestContext (the client's address).
namespace mmo::http {

class Router {
  public:
    // A handler answering synchronously.
    using Handler = std::function<Response(const Request&, const RequestContext&)>;
    // A handler that may answer later (e.g. after a broker ack) by calling respond exactly once, from any
    // thread.
    using AsyncHandler = std::function<void(Request&&, const RequestContext&, Respond)>;
    // Told about every answered request: the route (the registered path, or kUnmatchedRoute for a 404 so
    // that raw paths never become metric labels), the status and the time from dispatch to the answer.
    // Called on the thread that answered.
    using Observer =
        std::function<void(const std::string& route, unsigned status, std::chrono::steady_clock::duration)>;

    static constexpr const char* kUnmatchedRoute = "unmatched";

    // A handler throws HttpError to refuse a request (answered with its status and code); any other exception
    // is logged on `logger` and answered with 500. One place maps them, so handlers just throw.
    explicit Router(std::shared_ptr<spdlog::logger> logger);

    // Registers a synchronous handler; a second registration of the same method and path replaces it.
    void add(boost::beast::http::verb method, const std::string& path, Handler handler);

    // Registers an asynchronous handler.
    void addAsync(boost::beast::http::verb method, const std::string& path, AsyncHandler handler);

    // Sets the observer (e.g. the http_requests_total counter); set it before serving.
    void setObserver(Observer observer);

    // Runs before every handler of a known route and method; it throws HttpError to refuse the request
    // (e.g. RequestGuard::check). Set it before serving.
    using Guard = std::function<void(const Request&)>;
    void setGuard(Guard guard);

    // Routes one request; calls respond exactly once (404/405 when nothing matches, 500 when a handler
    // throws).
    void dispatch(Request&& request, const RequestContext& context, Respond respond) const;

    // A dispatcher bound to this router for HttpServer; the router must outlive the server.
    RequestDispatcher dispatcher() const;

  private:
    Respond observed(const std::string& route, Respond respond) const;

    std::shared_ptr<spdlog::logger> logger_;
    Observer observer_;
    Guard guard_;
    std::map<std::string, std::map<boost::beast::http::verb, AsyncHandler>> routes_;
};

// The path part of a request target ("/api/world/block?x=1" -> "/api/world/block").
std::string targetPath(const Request& request);

}  // namespace mmo::http
