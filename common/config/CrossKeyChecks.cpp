#include <algorithm>
#include <cstdint>
#include <variant>

#include "common/config/NatsUrl.hpp"
#include "common/config/OverrideLayers.hpp"
#include "common/config/RegularFile.hpp"
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
// The node reads these files when it connects: a typo must stop it at start, not show up later as a
// vague TLS or auth failure on every reconnect; and a FIFO or a device must not hang it or fill its memory.
void checkEventbusFiles(LoadState& state) {
    const EventbusConfig& bus = state.config().eventbus;
    const std::pair<const char*, const std::string*> files[] = {
        {"eventbus.creds_file", &bus.creds_file},
        {"eventbus.tls_ca_file", &bus.tls_ca_file},
        {"eventbus.tls_cert_file", &bus.tls_cert_file},
        {"eventbus.tls_key_file", &bus.tls_key_file}};
    const std::string limitKey = "storage.file_key_limit_bytes";
    const auto limit =
        static_cast<std::size_t>(state.isInvalid(limitKey) ? StorageConfig{}.file_key_limit_bytes
                                                           : state.config().storage.file_key_limit_bytes);
    for (const auto& [key, path] : files) {
        if (state.isInvalid(key) || path->empty()) continue;
        const auto refusal = checkRegularFile(*path, limit);
        if (!refusal) continue;
        state.addProblem({state.locationOf(key), key,
                          "cannot read " + describeValue(*path) + ": " + refusal->reason,
                          "give the path of an existing readable file (relative paths are taken from "
                          "the node's working directory), or leave " +
                              std::string(key) + " empty"});
    }
}

// Where a pair of keys is given: the location of the one that was set (the other one is at its default).
const std::string& locationOfGiven(const LoadState& state, const std::string& a, const std::string& b) {
    return state.sourceOf(a).kind == SourceKind::Default ? state.locationOf(b) : state.locationOf(a);
}

void checkEventbusCredentials(LoadState& state) {
    const EventbusConfig& bus = state.config().eventbus;
    const std::string cert = "eventbus.tls_cert_file";
    const std::string key = "eventbus.tls_key_file";
    if (!state.isInvalid(cert) && !state.isInvalid(key) &&
        bus.tls_cert_file.empty() != bus.tls_key_file.empty()) {
        const std::string& given = bus.tls_cert_file.empty() ? key : cert;
        const std::string& missing = bus.tls_cert_file.empty() ? cert : key;
        state.addProblem({state.locationOf(given), given,
                          given + " is set but " + missing +
                              " is empty; mutual TLS needs the client certificate and its key together",
                          "set both " + cert + " and " + key + ", or neither"});
    }
    const std::string token = "eventbus.token";
    const std::string creds = "eventbus.creds_file";
    if (!state.isInvalid(token) && !state.isInvalid(creds) && !bus.token.empty() && !bus.creds_file.empty())
        state.addProblem({locationOfGiven(state, token, creds), token,
                          token + " and " + creds + " are both set; the node authenticates one way",
                          "keep " + token + " for token auth (nats-server --auth) or " + creds +
                              " for JWT/nkey users (nsc), and empty the other"});
}

// A checkpoint round must land well before the stream drops what the previous round covered: at most a
// quarter of the retention between two rounds leaves three rounds' worth of slack.
void checkCheckpointInterval(LoadState& state) {
    const std::string every = "checkpoint.every_seconds";
    const std::string retention = "eventbus.retention_hours";
    if (state.isInvalid(every) || state.isInvalid(retention) || !state.config().checkpoint.enabled) return;
    const long long seconds = state.config().checkpoint.every_seconds;
    const long long retained = static_cast<long long>(state.config().eventbus.retention_hours) * 3600;
    if (seconds * 4 <= retained) return;
    state.addProblem(
        {locationOfGiven(state, every, retention), every,
         every + " is " + std::to_string(seconds) + " s but " + retention + " keeps batches for " +
             std::to_string(retained) +
             " s; a checkpoint round must come well before the stream drops what the last one "
             "covered (at most a quarter of the retention)",
         "set " + every + " to at most " + std::to_string(retained / 4) + " or raise " + retention});
}
// `frames` (a frame budget: beyond it the connection is closed as a flood) must be at least `actions` (the
// matching action budget, beyond which an action is only refused): a player that keeps to the action
// budget must never be closed for flood.
void checkFramesCoverActions(LoadState& state, const std::string& frames, int frameValue,
                             const std::string& actions, int actionValue) {
    if (state.isInvalid(frames) || state.isInvalid(actions) || frameValue >= actionValue) return;
    state.addProblem(
        {locationOfGiven(state, frames, actions), frames,
         frames + " is " + std::to_string(frameValue) + " but " + actions + " is " +
             std::to_string(actionValue) +
             "; a player keeping to the action budget would be closed as a flood",
         "raise " + frames + " to at least " + std::to_string(actionValue) + " or lower " + actions});
}

// A frame key left at its default follows its action key: at least 10 frames per action, as before the
// frame budget had keys of its own, so a config that only raises the action budget keeps starting.
// The action keys' ranges (at most 100000/s and 1000000) keep the product within the frame keys' ranges.
void followActionBudget(LoadState& state, const std::string& frames, int& frameValue, int perAction) {
    if (state.isInvalid(frames) || state.sourceOf(frames).kind != SourceKind::Default) return;
    frameValue = std::max(frameValue, 10 * perAction);
}

void checkGameFrameBudget(LoadState& state) {
    GameConfig& game = state.config().game;
    if (!state.isInvalid("game.actions_per_second"))
        followActionBudget(state, "game.frames_per_second", game.frames_per_second, game.actions_per_second);
    if (!state.isInvalid("game.action_burst"))
        followActionBudget(state, "game.frame_burst", game.frame_burst, game.action_burst);
    checkFramesCoverActions(state, "game.frames_per_second", game.frames_per_second,
                            "game.actions_per_second", game.actions_per_second);
    checkFramesCoverActions(state, "game.frame_burst", game.frame_burst, "game.action_burst",
                            game.action_burst);
}
}  // namespace

void checkAcrossKeys(LoadState& state) {
    checkCheckpointInterval(state);
    checkGameFrameBudget(state);
    checkPortCollisions(state);
    checkEventbusNotSelf(state);
    checkEventbusCredentials(state);
    checkEventbusFiles(state);
}

}  // namespace mmo::config::detail
