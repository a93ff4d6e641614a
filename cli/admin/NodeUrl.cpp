#include "cli/admin/NodeUrl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "cli/ExitCode.hpp"

namespace mmo::cli {

namespace {

constexpr const char* kExample = "http://10.0.0.5:8088 (the node's server.rest_port)";

[[noreturn]] void bad(const std::string& flag, const std::string& text, const std::string& why) {
    throw CommandError{kUsageError, fmt::format("{} \"{}\": {}; give each node's REST base URL, e.g. {}",
                                                flag, text, why, kExample)};
}

bool hostCharacter(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

}  // namespace

NodeUrl parseNodeUrl(const std::string& text, const std::string& flag) {
    const std::string scheme = "http://";
    if (text.rfind("https://", 0) == 0)
        bad(flag, text, "mmoctl speaks plain HTTP to a node (the node serves no TLS); use http://");
    if (text.rfind(scheme, 0) != 0) bad(flag, text, "not an http:// URL");
    std::string rest = text.substr(scheme.size());
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (rest.find_first_of("/?#") != std::string::npos)
        bad(flag, text, "a path, query or fragment is not allowed (mmoctl adds /api/... itself)");
    if (rest.find('@') != std::string::npos)
        bad(flag, text, "credentials in the URL are not used; pass --username/--password or --token");
    if (!rest.empty() && rest.front() == '[')
        bad(flag, text, "IPv6 literals are not supported; use a host name");
    NodeUrl url;
    const auto colon = rest.find(':');
    url.host = rest.substr(0, colon);
    if (url.host.empty()) bad(flag, text, "no host");
    if (!std::all_of(url.host.begin(), url.host.end(), hostCharacter))
        bad(flag, text, "\"" + url.host + "\" is not a host name or IPv4 address");
    if (colon != std::string::npos) {
        const auto port = rest.substr(colon + 1);
        const bool digits =
            !port.empty() && port.size() <= 5 &&
            std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
        url.port = digits ? std::stoi(port) : 0;
        if (url.port < 1 || url.port > 65535) bad(flag, text, "the port must be a number from 1 to 65535");
    }
    url.text = fmt::format("http://{}:{}", url.host, url.port);
    return url;
}

std::vector<NodeUrl> parseNodeUrls(const std::string& list, const std::string& flag) {
    std::vector<NodeUrl> urls;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        const auto item = list.substr(start, comma - start);
        if (item.empty())
            throw CommandError{kUsageError,
                               fmt::format("{} \"{}\": an empty item; give REST base URLs separated "
                                           "by commas, e.g. {}",
                                           flag, list, "http://10.0.0.5:8088,http://10.0.0.6:8088")};
        auto url = parseNodeUrl(item, flag);
        for (const auto& other : urls)
            if (other.text == url.text)
                throw CommandError{kUsageError,
                                   fmt::format("{}: {} is given twice; list each node once", flag, url.text)};
        urls.push_back(std::move(url));
        start = comma + 1;
    }
    return urls;
}

}  // namespace mmo::cli
