#include "common/http/RequestGuard.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>
#include <cctype>
#include <optional>
#include <string_view>

#include "common/http/HttpError.hpp"

namespace mmo::http {

namespace beasthttp = boost::beast::http;

namespace {

std::string lowerCase(std::string_view text) {
    std::string lower(text);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool isIpAddress(const std::string& host) {
    boost::system::error_code error;
    boost::asio::ip::make_address(host, error);
    return !error;
}

bool containsIgnoringCase(const std::vector<std::string>& list, std::string_view value) {
    const auto lower = lowerCase(value);
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& entry) { return lowerCase(entry) == lower; });
}

// The one value of a header that may appear once; nullopt when absent. A repeated one is a 400.
std::optional<std::string_view> singleField(const Request& request, beasthttp::field field) {
    const auto count = request.count(field);
    if (count == 0) return std::nullopt;
    if (count > 1)
        throw HttpError::badRequest("bad_request", "the " + std::string(beasthttp::to_string(field)) +
                                                       " header appears " + std::to_string(count) +
                                                       " times; send it once");
    const auto value = request[field];
    return std::string_view(value.data(), value.size());
}

}  // namespace

std::string hostOfHostHeader(std::string_view value) {
    value = trimmed(value);
    std::string_view host;
    if (!value.empty() && value.front() == '[') {
        const auto close = value.find(']');
        if (close == std::string_view::npos) return {};
        host = value.substr(1, close - 1);
    } else {
        const auto colon = value.find(':');
        host = value.substr(0, colon);
        if (colon != std::string_view::npos && value.find(':', colon + 1) != std::string_view::npos)
            return {};
    }
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    return lowerCase(host);
}

std::vector<std::string> splitCommaList(std::string_view list) {
    std::vector<std::string> entries;
    for (;;) {
        const auto comma = list.find(',');
        const auto entry = trimmed(list.substr(0, comma));
        if (!entry.empty()) entries.emplace_back(entry);
        if (comma == std::string_view::npos) return entries;
        list.remove_prefix(comma + 1);
    }
}

RequestGuard::RequestGuard(RequestGuardSettings settings) : settings_(std::move(settings)) {}

void RequestGuard::check(const Request& request) const {
    if (settings_.checkHost) checkHost(request);
    checkOrigin(request);
    checkContentType(request);
}

void RequestGuard::checkOrigin(const Request& request) const {
    const auto origin = singleField(request, beasthttp::field::origin);
    if (!origin || containsIgnoringCase(settings_.allowedOrigins, *origin)) return;
    throw HttpError(beasthttp::status::forbidden, "origin_not_allowed",
                    "requests from web pages of origin \"" + std::string(*origin) +
                        "\" are refused; if that page is yours, add its origin to " + settings_.originsKey);
}

void RequestGuard::checkHost(const Request& request) const {
    const auto value = singleField(request, beasthttp::field::host);
    if (!value) return;  // HTTP/1.0 without Host: not a browser
    const auto host = hostOfHostHeader(*value);
    if (!host.empty() &&
        (host == "localhost" || isIpAddress(host) || containsIgnoringCase(settings_.allowedHosts, host)))
        return;
    throw HttpError(beasthttp::status::forbidden, "host_not_allowed",
                    "Host \"" + std::string(*value) + "\" is refused: " + settings_.hostCheckReason +
                        "; use localhost or an IP address, or add the name to " + settings_.hostsKey);
}

void RequestGuard::checkContentType(const Request& request) {
    const auto method = request.method();
    if (method != beasthttp::verb::post && method != beasthttp::verb::put && method != beasthttp::verb::patch)
        return;
    const auto value = request[beasthttp::field::content_type];
    const std::string_view text(value.data(), value.size());
    if (lowerCase(trimmed(text.substr(0, text.find(';')))) == "application/json") return;
    throw HttpError(beasthttp::status::unsupported_media_type, "unsupported_media_type",
                    std::string(request.method_string()) +
                        " needs the header Content-Type: application/json (got " +
                        (text.empty() ? std::string("none") : "\"" + std::string(text) + "\"") + ")");
}

}  // namespace mmo::http
