#include <cstdint>
#include <variant>

#include "common/config/NatsUrl.hpp"
#include "common/config/OverrideLayers.hpp"
#include "common/config/ValueText.hpp"

namespace mmo::config::detail {

namespace {
struct TcpListener {
    std::string key;
    std::uint16_t ServerConfig::*port;
};

// The listeners that take TCP connections. udp_port may reuse a TCP number: the protocols do not clash.
const std::vector<TcpListener>& tcpListeners() {
    static const std::vector<TcpListener> listeners{{"server.tcp_port", &ServerConfig::tcp_port},
                                                    {"server.rest_port", &ServerConfig::rest_port},
                                                    {"server.metrics_port", &ServerConfig::metrics_port}};
    return listeners;
}

unsigned portOf(const LoadState& state, const TcpListener& listener) {
    return state.config().server.*(listener.port);
}

void checkPortCollisions(LoadState& state) {
    const auto& listeners = tcpListeners();
    for (std::size_t j = 1; j < listeners.size(); ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            const std::string& keyI = listeners[i].key;
            const std::string& keyJ = listeners[j].key;
            if (state.isInvalid(keyI) || state.isInvalid(keyJ)) continue;
            const unsigned port = portOf(state, listeners[j]);
            if (port == 0 || port != portOf(state, listeners[i])) continue;
            // Blame the value someone gave rather than a default.
            const bool jIsDefault = state.sourceOf(keyJ).kind == SourceKind::Default;
            const std::string& blamed = jIsDefault ? keyI : keyJ;
            const std::string& other = jIsDefault ? keyJ : keyI;
            state.addProblem({state.locationOf(blamed), blamed,
                              "port " + std::to_string(port) + " is also " + other + " (" +
                                  formatSource(state.sourceOf(other)) +
                                  "); two TCP listeners cannot share a port",
                              "give " + blamed + " another port, or 0 to let the OS pick"});
            break;
        }
    }
}

void checkEventbusNotSelf(LoadState& state) {
    const std::string urlKey = "eventbus.url";
    if (state.isInvalid(urlKey)) return;
    const auto parsed = parseNatsUrlList(state.config().eventbus.url);
    const auto* urls = std::get_if<std::vector<NatsServerUrl>>(&parsed);
    if (urls == nullptr) return;
    const std::string ownHost = toLower(state.config().server.host);
    for (const auto& url : *urls) {
        if (!isLoopbackHost(url.host) && toLower(url.host) != ownHost) continue;
        for (const auto& listener : tcpListeners()) {
            const std::string& portKey = listener.key;
            if (state.isInvalid(portKey) || portOf(state, listener) != url.port) continue;
            const bool urlIsDefault = state.sourceOf(urlKey).kind == SourceKind::Default;
            state.addProblem(
                {state.locationOf(urlIsDefault ? portKey : urlKey), urlKey,
                 "server " + describeValue(url.text) + " is this node's own " + portKey + " (" +
                     std::to_string(url.port) + "); the node would connect to itself",
                 "point eventbus.url at the NATS server (client port 4222 by default) or move " + portKey});
            break;
        }
    }
}
}  // namespace

void checkAcrossKeys(LoadState& state) {
    checkPortCollisions(state);
    checkEventbusNotSelf(state);
}

}  // namespace mmo::config::detail
