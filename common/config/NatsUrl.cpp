#include "common/config/NatsUrl.hpp"

#include <algorithm>

#include "common/config/ValueText.hpp"

namespace mmo::config {

namespace {
using detail::describeValue;

bool isHostNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
}

bool isIpv6Char(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' || c == '.';
}

// Parses one entry into url, or returns what is wrong with it.
std::optional<std::string> parseEntry(std::string_view entry, NatsServerUrl& url) {
    const auto sep = entry.find("://");
    if (sep == std::string_view::npos) return "missing the scheme (write nats://host:port)";
    url.scheme = detail::toLower(entry.substr(0, sep));
    if (url.scheme != "nats" && url.scheme != "tls")
        return "scheme " + describeValue(url.scheme) + " is not nats:// or tls://";
    std::string_view rest = entry.substr(sep + 3);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.find('/') != std::string_view::npos) return "a NATS URL has no path";
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
    std::string_view portText;
    if (!rest.empty() && rest.front() == '[') {
        const auto close = rest.find(']');
        if (close == std::string_view::npos) return "unclosed '[' in the IPv6 host";
        url.host = std::string(rest.substr(1, close - 1));
        if (url.host.empty() || !std::all_of(url.host.begin(), url.host.end(), isIpv6Char))
            return "bad IPv6 host " + describeValue(url.host);
        rest.remove_prefix(close + 1);
        if (!rest.empty() && rest.front() != ':') return "unexpected text after the IPv6 host";
        if (!rest.empty()) portText = rest.substr(1);
    } else {
        const auto colon = rest.find(':');
        url.host = std::string(rest.substr(0, colon));
        if (colon != std::string_view::npos) portText = rest.substr(colon + 1);
        if (url.host.empty()) return "missing the host";
        if (!std::all_of(url.host.begin(), url.host.end(), isHostNameChar))
            return "bad host " + describeValue(url.host);
    }
    if (rest.find(':') != std::string_view::npos || !portText.empty()) {
        const auto port = detail::parseInteger(portText);
        if (!port || portText.front() == '+' || portText.front() == '-' || *port < 1 || *port > 65535)
            return "bad port " + describeValue(portText) + ", expected a number from 1 to 65535";
        url.port = static_cast<std::uint16_t>(*port);
    }
    return std::nullopt;
}
}  // namespace

bool isLoopbackHost(std::string_view host) {
    const std::string h = detail::toLower(host);
    return h == "localhost" || h.rfind("127.", 0) == 0 || h == "::1" || h == "0.0.0.0" || h == "::";
}

std::variant<std::vector<NatsServerUrl>, std::string> parseNatsUrlList(std::string_view list) {
    std::vector<NatsServerUrl> urls;
    std::size_t index = 0;
    while (true) {
        const auto comma = list.find(',');
        const std::string_view entry = detail::trimBlanks(list.substr(0, comma));
        ++index;
        NatsServerUrl url;
        url.text = std::string(entry);
        if (entry.empty()) return "entry " + std::to_string(index) + " is empty";
        if (auto why = parseEntry(entry, url))
            return "entry " + std::to_string(index) + " " + describeValue(entry) + ": " + *why;
        urls.push_back(std::move(url));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return urls;
}

}  // namespace mmo::config
