#pragma once

#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "common/http/HttpTypes.hpp"

// Shared response builders, so that every handler answers in the same shape.
namespace mmo::http {

// A JSON response with the given status and body.
Response jsonResponse(boost::beast::http::status status, const boost::json::value& body);

// {"error":{"code":"not_found","message":"..."}} with the given status; bytes of the message that are not
// UTF-8 become U+FFFD.
Response errorResponse(boost::beast::http::status status, std::string_view code, std::string_view message);

// A text response with an explicit content type (e.g. the Prometheus exposition format).
Response textResponse(boost::beast::http::status status, std::string contentType, std::string body);

// Sets version, keep-alive and content length from the request the response answers.
void finishResponse(Response& response, unsigned version, bool keepAlive);

}  // namespace mmo::http
