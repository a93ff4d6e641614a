#include "common/http/Responses.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "common/http/Utf8Text.hpp"

namespace mmo::http {

namespace beasthttp = boost::beast::http;

Response jsonResponse(beasthttp::status status, const boost::json::value& body) {
    return textResponse(status, "application/json", boost::json::serialize(body) + "\n");
}

Response errorResponse(beasthttp::status status, std::string_view code, std::string_view message) {
    boost::json::object error;
    error["code"] = code;
    // Messages quote client input (a path, a query value) that need not be UTF-8; JSON must be.
    error["message"] = validUtf8(message);
    boost::json::object body;
    body["error"] = std::move(error);
    return jsonResponse(status, body);
}

Response textResponse(beasthttp::status status, std::string contentType, std::string body) {
    Response response{status, 11};
    response.set(beasthttp::field::content_type, contentType);
    response.body() = std::move(body);
    return response;
}

void finishResponse(Response& response, unsigned version, bool keepAlive) {
    response.version(version);
    response.set(beasthttp::field::server, "mmo-node");
    response.keep_alive(keepAlive);
    response.prepare_payload();
}

}  // namespace mmo::http
