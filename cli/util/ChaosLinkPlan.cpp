#include "cli/util/ChaosLinkPlan.hpp"

#include <algorithm>

#include "cli/ExitCode.hpp"
#include "common/regions/PortScheme.hpp"

namespace mmo::cli {

namespace {

std::vector<std::string> splitList(const std::string& list) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        auto item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (!item.empty()) items.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return items;
}

// "nats://host:4222" -> "host:4222"; no port: 4222.
std::string hostPortOf(const std::string& url) {
    const auto scheme = url.find("://");
    auto rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find('/'));
    if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    const bool bracketed = !rest.empty() && rest.front() == '[';
    const auto colon = rest.rfind(':');
    const bool hasPort = colon != std::string::npos && (!bracketed || colon > rest.find(']'));
    return hasPort ? rest : rest + ":" + std::to_string(regions::kNatsClientPort);
}

}  // namespace

std::vector<std::string> chaosUpstreams(const std::string& externalNatsUrl, int offset, int natsServers,
                                        int regionIndex) {
    std::vector<std::string> upstreams;
    if (!externalNatsUrl.empty()) {
        for (const auto& url : splitList(externalNatsUrl)) upstreams.push_back(hostPortOf(url));
        return upstreams;
    }
    const int servers = std::max(natsServers, 1);
    for (int k = 0; k < servers; ++k)
        upstreams.push_back("127.0.0.1:" +
                            std::to_string(regions::natsPorts(offset, (regionIndex + k) % servers).client));
    return upstreams;
}

void checkChaosCanCarry(const std::string& externalNatsUrl) {
    for (const auto& url : splitList(externalNatsUrl)) {
        if (url.rfind("tls://", 0) == 0)
            throw CommandError{kUsageError,
                               "--wan with --nats-url \"" + url +
                                   "\": the chaos proxy cannot carry TLS (the node would check the "
                                   "server's certificate against 127.0.0.1); use a nats:// URL"};
    }
}

std::string chaosNodeUrl(int offset, int regionIndex, const std::string& externalNatsUrl) {
    // Credentials travel in the NATS CONNECT message, which the proxy passes on as it is.
    std::string userInfo;
    if (const auto urls = splitList(externalNatsUrl); !urls.empty()) {
        const auto scheme = urls.front().find("://");
        const auto authority = scheme == std::string::npos ? urls.front() : urls.front().substr(scheme + 3);
        if (const auto at = authority.rfind('@'); at != std::string::npos)
            userInfo = authority.substr(0, at + 1);
    }
    return "nats://" + userInfo + "127.0.0.1:" + std::to_string(regions::chaosLinkPort(regionIndex, offset));
}

}  // namespace mmo::cli
