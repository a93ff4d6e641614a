#include "common/http/Router.hpp"

#include <boost/beast/http/field.hpp>
#include <exception>

#include "common/http/HttpError.hpp"
#include "common/http/Responses.hpp"

namespace mmo::http {

namespace beasthttp = boost::beast::http;

Router::Router(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

void Router::add(beasthttp::verb method, const std::string& path, Handler handler) {
    addAsync(method, path,
             [handler = std::move(handler)](Request&& request, const RequestContext& context,
                                            Respond respond) { respond(handler(request, context)); });
}

void Router::addAsync(beasthttp::verb method, const std::string& path, AsyncHandler handler) {
    routes_[path][method] = std::move(handler);
}

void Router::setObserver(Observer observer) {
    observer_ = std::move(observer);
}

void Router::setGuard(Guard guard) {
    guard_ = std::move(guard);
}

Respond Router::observed(const std::string& route, Respond respond) const {
    if (!observer_) return respond;
    return [observer = observer_, route, started = std::chrono::steady_clock::now(),
            respond = std::move(respond)](Response response) {
        observer(route, response.result_int(), std::chrono::steady_clock::now() - started);
        respond(std::move(response));
    };
}

void Router::dispatch(Request&& request, const RequestContext& context, Respond respond) const {
    const auto path = targetPath(request);
    const auto route = routes_.find(path);
    if (route == routes_.end()) {
        respond = observed(kUnmatchedRoute, std::move(respond));
        respond(errorResponse(beasthttp::status::not_found, "not_found", "no route for " + path));
        return;
    }
    respond = observed(route->first, std::move(respond));
    auto method = route->second.find(request.method());
    // HEAD is answered like GET; HttpSession sends the headers only.
    if (method == route->second.end() && request.method() == beasthttp::verb::head)
        method = route->second.find(beasthttp::verb::get);
    if (method == route->second.end()) {
        std::string allow;
        for (const auto& [verb, _] : route->second) {
            if (!allow.empty()) allow += ", ";
            allow += std::string(beasthttp::to_string(verb));
        }
        auto response = errorResponse(
            beasthttp::status::method_not_allowed, "method_not_allowed",
            std::string(request.method_string()) + " is not allowed on " + path + "; allowed: " + allow);
        response.set(beasthttp::field::allow, allow);
        respond(std::move(response));
        return;
    }
    const std::string methodName(request.method_string());
    try {
        if (guard_) guard_(request);
        method->second(std::move(request), context, respond);
    } catch (const HttpError& error) {
        respond(errorResponse(error.status(), error.code(), error.what()));
    } catch (const std::exception& error) {
        // The detail stays in the server log; the client gets a generic message.
        logger_->error("HTTP handler for {} {} failed: {}", methodName, path, error.what());
        respond(errorResponse(beasthttp::status::internal_server_error, "internal", "internal error"));
    }
}

RequestDispatcher Router::dispatcher() const {
    return [this](Request&& request, const RequestContext& context, Respond respond) {
        dispatch(std::move(request), context, std::move(respond));
    };
}

std::string targetPath(const Request& request) {
    const auto target = request.target();
    const auto query = target.find('?');
    return std::string(query == boost::beast::string_view::npos ? target : target.substr(0, query));
}

}  // namespace mmo::http
