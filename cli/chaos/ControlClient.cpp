#include "cli/chaos/ControlClient.hpp"

#include <boost/json.hpp>
#include <filesystem>

#include "cli/ExitCode.hpp"
#include "cli/chaos/ControlToken.hpp"
#include "cli/chaos/ProxyConfig.hpp"
#include "cli/state/StateFile.hpp"
#include "common/http/HttpClient.hpp"

namespace mmo::cli::chaos {

namespace json = boost::json;

namespace {

constexpr std::chrono::milliseconds kTimeout{5000};

std::string baseUrl(const std::string& host, std::uint16_t port) {
    return "http://" + host + ":" + std::to_string(port);
}

}  // namespace

ControlClient ControlClient::locate(const ChaosTarget& target) {
    const auto& controlUrl = target.control;
    const auto dir = std::filesystem::absolute(target.stateDir).lexically_normal();
    std::string token;
    if (!target.tokenFile.empty()) token = readControlToken(target.tokenFile);
    if (!controlUrl.empty()) {
        auto rest = controlUrl;
        if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
        if (!rest.empty() && rest.back() == '/') rest.pop_back();
        if (rest.find(':') == std::string::npos) rest = "127.0.0.1:" + rest;
        try {
            const auto [host, port] = splitHostPort(rest);
            return {host, port, "the chaos proxy at " + baseUrl(host, port), token};
        } catch (const std::invalid_argument&) {
            throw CommandError{kUsageError,
                               "--control: expected http://127.0.0.1:PORT (or HOST:PORT, or PORT), got \"" +
                                   controlUrl + "\""};
        }
    }
    const auto state = requireRunningSet(dir);
    if (!state.chaos)
        throw CommandError{
            kEnvironmentError,
            "the set in " + dir.string() +
                " runs without the chaos proxy; start it with mmoctl up --wan ... (for example "
                "--wan eu=40ms), or pass --control URL for a standalone mmoctl chaos serve"};
    const auto port = static_cast<std::uint16_t>(state.chaos->controlPort);
    if (token.empty()) token = readControlToken(chaosTokenPath(dir));
    return {"127.0.0.1", port,
            "the chaos proxy of the set in " + dir.string() + " (" + baseUrl("127.0.0.1", port) + ")", token};
}

ControlClient::ControlClient(std::string host, std::uint16_t port, std::string origin, std::string token)
    : host_(std::move(host)), port_(port), origin_(std::move(origin)), token_(std::move(token)) {}

http_client::HttpRequestOptions ControlClient::requestOptions() const {
    http_client::HttpRequestOptions options;
    options.timeout = kTimeout;
    if (!token_.empty()) options.headers["Authorization"] = "Bearer " + token_;
    options.headers["Content-Type"] = "application/json";
    return options;
}

json::object ControlClient::get(const std::string& target) const {
    const auto options = requestOptions();
    try {
        const auto response = http_client::get(host_, port_, target, options);
        return answer(response.status, response.body);
    } catch (const http_client::HttpClientError& e) {
        throw CommandError{kEnvironmentError, "cannot reach " + origin_ + ": " + e.what() +
                                                  " (is it running? mmoctl status / mmoctl logs chaos)"};
    }
}

json::object ControlClient::post(const std::string& target, const json::object& body) const {
    const auto options = requestOptions();
    try {
        const auto response = http_client::post(host_, port_, target, json::serialize(body), options);
        return answer(response.status, response.body);
    } catch (const http_client::HttpClientError& e) {
        throw CommandError{kEnvironmentError, "cannot reach " + origin_ + ": " + e.what() +
                                                  " (is it running? mmoctl status / mmoctl logs chaos)"};
    }
}

json::object ControlClient::answer(int status, const std::string& body) const {
    boost::system::error_code error;
    auto parsed = json::parse(body, error);
    if (status == 200 && !error && parsed.is_object()) return std::move(parsed.as_object());
    std::string message = "HTTP " + std::to_string(status);
    if (status == 401)
        message = token_.empty() ? "no control token was sent; pass --token-file FILE (the file chaos serve "
                                   "announced as \"chaos control token in FILE\")"
                                 : "the control token does not match this proxy's; pass the --token-file it "
                                   "uses (<state>/chaos.token for a set's proxy)";
    else if (!error && parsed.is_object())
        if (const auto* e = parsed.as_object().if_contains("error"); e && e->is_object())
            if (const auto* m = e->as_object().if_contains("message"); m && m->is_string())
                message = std::string(m->get_string());
    // 4xx: the request named something the proxy does not have (a region) or a bad value.
    throw CommandError{status >= 400 && status < 500 ? kUsageError : kEnvironmentError,
                       origin_ + " refused: " + message};
}

}  // namespace mmo::cli::chaos
