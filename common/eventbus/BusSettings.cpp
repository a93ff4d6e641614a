#include "common/eventbus/BusSettings.hpp"

#include <algorithm>
#include <cctype>

namespace mmo::eventbus {

bool BusSettings::tlsWanted() const {
    if (!tlsCaFile.empty() || !tlsCertFile.empty() || !tlsKeyFile.empty()) return true;
    return std::any_of(servers.begin(), servers.end(), [](const std::string& url) {
        return url.size() >= 6 && std::equal(url.begin(), url.begin() + 6, "tls://", [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == b;
               });
    });
}

namespace {
// "host:port" of [scheme://][user:pass@]host[:port][/...], lower case, port 4222 when absent.
std::string hostPortOf(std::string url) {
    if (const auto scheme = url.find("://"); scheme != std::string::npos) url.erase(0, scheme + 3);
    if (const auto at = url.rfind('@'); at != std::string::npos) url.erase(0, at + 1);
    if (const auto slash = url.find('/'); slash != std::string::npos) url.erase(slash);
    std::transform(url.begin(), url.end(), url.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto close = url.rfind(']');
    const auto colon = url.rfind(':');
    if (colon == std::string::npos || (close != std::string::npos && colon < close)) url += ":4222";
    return url;
}
}  // namespace

bool sameServer(const std::string& a, const std::string& b) {
    return !a.empty() && !b.empty() && hostPortOf(a) == hostPortOf(b);
}

std::vector<std::string> splitServerList(const std::string& urls) {
    std::vector<std::string> servers;
    std::size_t start = 0;
    while (start <= urls.size()) {
        auto end = urls.find(',', start);
        if (end == std::string::npos) end = urls.size();
        auto item = urls.substr(start, end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) servers.push_back(item);
        start = end + 1;
    }
    return servers;
}

}  // namespace mmo::eventbus
