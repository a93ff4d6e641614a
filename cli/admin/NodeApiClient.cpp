#include "cli/admin/NodeApiClient.hpp"

#include <boost/json.hpp>

#include "common/http/HttpClient.hpp"

namespace mmo::cli {

namespace json = boost::json;

namespace {

json::object parseObject(const http_client::HttpResponse& response, const std::string& what) {
    boost::system::error_code ec;
    auto value = json::parse(response.body, ec);
    if (ec || !value.is_object())
        throw NodeApiError(response.status, "bad_response",
                           what + ": the node's answer is not a JSON object");
    return std::move(value.get_object());
}

}  // namespace

json::object expectNodeAnswer(const http_client::HttpResponse& response, int expected,
                              const std::string& what) {
    if (response.status == expected) return parseObject(response, what);
    std::string code = "http_" + std::to_string(response.status);
    std::string message = what + " answered " + std::to_string(response.status);
    boost::system::error_code ec;
    const auto value = json::parse(response.body, ec);
    if (const auto* error = ec || !value.is_object() ? nullptr : value.get_object().if_contains("error");
        error && error->is_object()) {
        if (const auto* c = error->get_object().if_contains("code"); c && c->is_string())
            code = c->get_string();
        if (const auto* m = error->get_object().if_contains("message"); m && m->is_string())
            message = m->get_string();
    }
    throw NodeApiError(response.status, code, message);
}

namespace {
json::object expectStatus(const http_client::HttpResponse& response, int expected, const std::string& what) {
    return expectNodeAnswer(response, expected, what);
}

std::uint64_t unsignedField(const json::object& object, const char* key) {
    const auto* value = object.if_contains(key);
    if (value && value->is_uint64()) return value->get_uint64();
    if (value && value->is_int64() && value->get_int64() >= 0)
        return static_cast<std::uint64_t>(value->get_int64());
    return 0;
}

std::string stringField(const json::object& object, const char* key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

std::string NodeApiClient::login(const std::string& username, const std::string& password) const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    const auto body = json::serialize(json::object{{"username", username}, {"password", password}});
    const auto response =
        http_client::post(host_, static_cast<std::uint16_t>(port_), "/api/auth/login", body, options);
    const auto answer = expectStatus(response, 200, "POST /api/auth/login");
    auto token = stringField(answer, "token");
    if (token.empty()) throw NodeApiError(response.status, "bad_response", "POST /api/auth/login: no token");
    return token;
}

AcceptedEvent NodeApiClient::sendEvent(const std::string& token, const std::string& type,
                                       const std::string& dataJson) const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    options.headers["Authorization"] = "Bearer " + token;
    const auto body = json::serialize(json::object{{"event_type", type}, {"data", json::parse(dataJson)}});
    const auto response =
        http_client::post(host_, static_cast<std::uint16_t>(port_), "/api/admin/events/send", body, options);
    const auto answer = expectStatus(response, 202, "POST /api/admin/events/send");
    return {stringField(answer, "event_id"), stringField(answer, "event_type"), unsignedField(answer, "hlc"),
            unsignedField(answer, "changes"), stringField(answer, "status")};
}

std::uint64_t NodeApiClient::blockHlc(std::int64_t x, std::int64_t y) const {
    http_client::HttpRequestOptions options;
    options.timeout = timeout_;
    const auto target = "/api/world/block?x=" + std::to_string(x) + "&y=" + std::to_string(y);
    const auto response = http_client::get(host_, static_cast<std::uint16_t>(port_), target, options);
    return unsignedField(expectStatus(response, 200, "GET " + target), "hlc");
}

}  // namespace mmo::cli
