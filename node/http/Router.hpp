#pragma once

#include <spdlog/logger.h>

#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "node/http/HttpTypes.hpp"

// Method + path -> handler. Unknown paths get 404, a known path with another method 405 with Allow;
// both with the JSON error body. The query string is not part of the path match.
namespace mmo::http {

class Router {
  public:
    // A handler answering synchronously.
    using Handler = std::function<Response(const Request&)>;
    // A handler that may answer later (e.g. after a broker ack) by calling respond exactly once.
    using AsyncHandler = std::function<void(Request&&, Respond)>;

    // Handler exceptions are logged on `logger` and answered with 500.
    explicit Router(std::shared_ptr<spdlog::logger> logger);

    // Registers a synchronous handler; a second registration of the same method and path replaces it.
    void add(boost::beast::http::verb method, const std::string& path, Handler handler);

    // Registers an asynchronous handler.
    void addAsync(boost::beast::http::verb method, const std::string& path, AsyncHandler handler);

    // Routes one request; calls respond exactly once (404/405 when nothing matches, 500 when a handler
    // throws).
    void dispatch(Request&& request, Respond respond) const;

    // A dispatcher bound to this router for HttpServer; the router must outlive the server.
    RequestDispatcher dispatcher() const;

  private:
    std::shared_ptr<spdlog::logger> logger_;
    std::map<std::string, std::map<boost::beast::http::verb, AsyncHandler>> routes_;
};

// The path part of a request target ("/api/world/block?x=1" -> "/api/world/block").
std::string targetPath(const Request& request);

}  // namespace mmo::http
