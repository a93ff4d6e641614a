#pragma once

#include <boost/beast/http/status.hpp>
#include <stdexcept>
#include <string>

namespace mmo::http {

// A request a handler refuses: the HTTP status, the JSON error code and a message for the client that names
// the field and what is valid. Handlers throw it; Router::dispatch answers it as
// {"error":{"code","message"}} with the status, and answers any other exception with a 500 whose detail stays
// in the server log.
class HttpError : public std::runtime_error {
  public:
    HttpError(boost::beast::http::status status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}

    // 400 with the given code.
    static HttpError badRequest(std::string code, const std::string& message) {
        return HttpError(boost::beast::http::status::bad_request, std::move(code), message);
    }

    boost::beast::http::status status() const { return status_; }
    const std::string& code() const { return code_; }

  private:
    boost::beast::http::status status_;
    std::string code_;
};

}  // namespace mmo::http
