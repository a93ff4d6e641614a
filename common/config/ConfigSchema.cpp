#include "common/config/ConfigSchema.hpp"

#include <algorithm>
#include <type_traits>

#include "common/config/NatsUrl.hpp"
#include "common/config/ValueText.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::config {

namespace {
using detail::describeValue;
using detail::yamlQuote;
using Validator = bool (*)(std::string_view);

std::string expectedGot(const std::string& expected, std::string_view raw) {
    return "expected " + expected + ", got " + describeValue(raw);
}

// The field F of section S: the whole table is written against these two member pointers.
template <auto S, auto F>
auto& fieldOf(NodeConfig& c) {
    return (c.*S).*F;
}
template <auto S, auto F>
const auto& fieldOf(const NodeConfig& c) {
    return (c.*S).*F;
}

KeyDescriptor describe(std::string section, std::string name, ValueKind kind, std::string expected,
                       std::string description) {
    KeyDescriptor d;
    d.section = std::move(section);
    d.name = std::move(name);
    d.kind = kind;
    d.expected = std::move(expected);
    d.description = std::move(description);
    return d;
}

template <auto S, auto F>
KeyDescriptor integerKey(std::string section, std::string name, long long lo, long long hi,
                         std::string description, ValueKind kind = ValueKind::Integer) {
    std::string expected = kind == ValueKind::Port
                               ? "a port number from 0 to 65535 (0 lets the OS pick)"
                               : "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    auto d = describe(std::move(section), std::move(name), kind, std::move(expected), std::move(description));
    d.apply = [lo, hi, expected = d.expected](std::string_view raw,
                                              NodeConfig& c) -> std::optional<std::string> {
        const auto value = detail::parseInteger(raw);
        if (!value || *value < lo || *value > hi) return expectedGot(expected, raw);
        auto& field = fieldOf<S, F>(c);
        field = static_cast<std::remove_reference_t<decltype(field)>>(*value);
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return std::to_string(fieldOf<S, F>(c)); };
    return d;
}

template <auto S, auto F>
KeyDescriptor portKey(std::string section, std::string name, std::string description) {
    return integerKey<S, F>(std::move(section), std::move(name), 0, 65535, std::move(description),
                            ValueKind::Port);
}

template <auto S, auto F>
KeyDescriptor stringKey(std::string section, std::string name, std::string expected, Validator valid,
                        std::string description) {
    auto d = describe(std::move(section), std::move(name), ValueKind::String, std::move(expected),
                      std::move(description));
    d.apply = [valid, expected = d.expected](std::string_view raw,
                                             NodeConfig& c) -> std::optional<std::string> {
        if (!valid(raw)) return expectedGot(expected, raw);
        fieldOf<S, F>(c) = std::string(raw);
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return yamlQuote(fieldOf<S, F>(c)); };
    return d;
}

bool noControlChars(std::string_view text) {
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < ' ' || c == 0x7f; });
}
bool notBlank(std::string_view text) {
    return !detail::trimBlanks(text).empty();
}
bool isRegionId(std::string_view text) {
    return regions::isValidRegionId(text);
}
bool isHost(std::string_view text) {
    return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) <= ' ' || c == 0x7f;
    });
}
// A comma-separated list (blanks around entries allowed, empty: none) whose every entry passes `valid`.
template <typename EntryCheck>
bool isCommaList(std::string_view text, EntryCheck valid) {
    if (detail::trimBlanks(text).empty()) return true;
    for (;;) {
        const auto comma = text.find(',');
        if (!valid(detail::trimBlanks(text.substr(0, comma)))) return false;
        if (comma == std::string_view::npos) return true;
        text.remove_prefix(comma + 1);
    }
}
bool isOriginList(std::string_view text) {
    // An Origin as browsers send it: scheme "://" host [":" port], nothing after.
    return isCommaList(text, [](std::string_view entry) {
        const auto scheme = entry.find("://");
        if (scheme == std::string_view::npos || scheme == 0 || !isHost(entry)) return false;
        const auto rest = entry.substr(scheme + 3);
        return !rest.empty() && rest.find('/') == std::string_view::npos;
    });
}
bool isHostNameList(std::string_view text) {
    return isCommaList(text, [](std::string_view entry) {
        return isHost(entry) && entry.find_first_of("/,@") == std::string_view::npos;
    });
}
bool isStreamName(std::string_view text) {
    return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '-';
    });
}

KeyDescriptor urlKey() {
    auto d =
        describe("eventbus", "url", ValueKind::UrlList,
                 "one nats://host:port URL or a comma-separated list of them (tls:// too; port 4222 when "
                 "left out)",
                 "NATS server(s) of the JetStream event bus shared by every region.");
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        auto parsed = parseNatsUrlList(raw);
        if (const auto* why = std::get_if<std::string>(&parsed))
            return expectedGot(expected, raw) + " (" + *why + ")";
        c.eventbus.url = std::string(detail::trimBlanks(raw));
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return yamlQuote(c.eventbus.url); };
    return d;
}

KeyDescriptor flushKey() {
    auto d = describe("sync", "flush_every_seconds", ValueKind::Number,
                      "a number of seconds above 0 and at most 3600 (fractions like 0.05 allowed)",
                      "Longest time a change waits in a batch before the batch is published.");
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        const auto value = detail::parseNumber(raw);
        if (!value || *value <= 0 || *value > 3600) return expectedGot(expected, raw);
        c.sync.flush_every_seconds = *value;
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return detail::formatNumber(c.sync.flush_every_seconds); };
    return d;
}

KeyDescriptor gzipKey() {
    auto d =
        describe("sync", "use_gzip_compression", ValueKind::Boolean, "a boolean (true/false, yes/no, on/off)",
                 "Compress published batches with gzip (zlib).");
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        const auto value = detail::parseBool(raw);
        if (!value) return expectedGot(expected, raw);
        c.sync.use_gzip_compression = *value;
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) {
        return std::string(c.sync.use_gzip_compression ? "true" : "false");
    };
    return d;
}

template <auto S, auto F>
KeyDescriptor boolKey(std::string section, std::string name, std::string description) {
    auto d = describe(std::move(section), std::move(name), ValueKind::Boolean,
                      "a boolean (true/false, yes/no, on/off)", std::move(description));
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        const auto value = detail::parseBool(raw);
        if (!value) return expectedGot(expected, raw);
        fieldOf<S, F>(c) = *value;
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return std::string(fieldOf<S, F>(c) ? "true" : "false"); };
    return d;
}

void addGameKeys(std::vector<KeyDescriptor>& keys) {
    using C = NodeConfig;
    using G = GameConfig;
    keys.push_back(integerKey<&C::game, &G::max_frame_bytes>("game", "max_frame_bytes", 256, 16 << 20,
                                                             "Largest game frame accepted, in bytes."));
    keys.push_back(integerKey<&C::game, &G::actions_per_second>(
        "game", "actions_per_second", 1, 100000,
        "Place, break, subscribe and chat actions per player per second."));
    keys.push_back(integerKey<&C::game, &G::action_burst>(
        "game", "action_burst", 1, 1000000, "Actions a player may send at once above the rate."));
    keys.push_back(integerKey<&C::game, &G::frames_per_second>(
        "game", "frames_per_second", 1, 1000000,
        "Frames of any type per game connection per second; beyond the burst the connection is closed "
        "(flood). At least game.actions_per_second."));
    keys.push_back(integerKey<&C::game, &G::frame_burst>(
        "game", "frame_burst", 1, 10000000,
        "Frames a connection may send at once above the frame rate. At least game.action_burst."));
    keys.push_back(integerKey<&C::game, &G::max_connections>("game", "max_connections", 1, 1000000,
                                                             "Game TCP connections per node."));
    keys.push_back(integerKey<&C::game, &G::max_connections_per_address>(
        "game", "max_connections_per_address", 1, 1000000, "Game TCP connections per client IP address."));
    keys.push_back(integerKey<&C::game, &G::idle_timeout_seconds>(
        "game", "idle_timeout_seconds", 1, 86400,
        "A player that sends nothing for this long is disconnected."));
    keys.push_back(integerKey<&C::game, &G::max_area_side>("game", "max_area_side", 1, 4096,
                                                           "Largest width and height of a subscribed area."));
    keys.push_back(integerKey<&C::game, &G::position_hz>(
        "game", "position_hz", 1, 100, "Positions of nearby players sent to each player per second (UDP)."));
    keys.push_back(integerKey<&C::game, &G::nearby_radius>(
        "game", "nearby_radius", 1, 1000000,
        "Players within this many cells (Euclidean distance, edge included) are nearby: their positions "
        "are sent (UDP)."));
    keys.push_back(integerKey<&C::game, &G::max_chat_bytes>(
        "game", "max_chat_bytes", 1, 512,
        "Longest CHAT text in bytes (UTF-8); at most 512 so that every line fits the 4096-byte chat message "
        "between regions."));
    keys.push_back(integerKey<&C::game, &G::udp_challenges_per_second>(
        "game", "udp_challenges_per_second", 1, 100,
        "CHALLENGE datagrams per player per second to a UDP endpoint that is not verified yet."));
    keys.push_back(boolKey<&C::game, &G::allow_guests>(
        "game", "allow_guests", "Let players join with a guest name instead of a token."));
    keys.push_back(integerKey<&C::game, &G::snapshot_bytes_per_second>(
        "game", "snapshot_bytes_per_second", 1024, 1 << 30,
        "Bytes of SUBSCRIBE snapshots (BLOCK_CHUNK frames) a player may be sent per second."));
    keys.push_back(integerKey<&C::game, &G::snapshot_burst_bytes>(
        "game", "snapshot_burst_bytes", 1024, 1 << 30,
        "Bytes of SUBSCRIBE snapshots a player may be sent at once; a larger snapshot is clipped."));
}

// How many connections the HTTP ports hold, for how long, and which browsers' requests they serve.
void addHttpExposureKeys(std::vector<KeyDescriptor>& keys) {
    using C = NodeConfig;
    using S = ServerConfig;
    keys.push_back(integerKey<&C::server, &S::http_max_connections>(
        "server", "http_max_connections", 1, 1000000,
        "Open connections on the REST port, and on the metrics port (each); more are closed at accept."));
    keys.push_back(integerKey<&C::server, &S::http_max_connections_per_address>(
        "server", "http_max_connections_per_address", 1, 1000000,
        "Open connections from one client IP address on the REST port, and on the metrics port (each)."));
    keys.push_back(integerKey<&C::server, &S::http_idle_timeout_seconds>(
        "server", "http_idle_timeout_seconds", 1, 3600,
        "A REST or metrics connection that has not sent a complete request this many seconds after it was "
        "opened (or after the last answer) is closed."));
    keys.push_back(stringKey<&C::server, &S::http_allowed_origins>(
        "server", "http_allowed_origins",
        "a comma-separated list of origins like https://admin.example.com (empty: none)", isOriginList,
        "Browser origins whose REST requests are served; a request with any other Origin header is "
        "refused (403)."));
    keys.push_back(stringKey<&C::server, &S::http_allowed_hosts>(
        "server", "http_allowed_hosts", "a comma-separated list of host names (empty: none)", isHostNameList,
        "Host names REST requests may carry while auth.admin_password is the default, besides localhost and "
        "IP addresses (403 otherwise: DNS rebinding)."));
    keys.push_back(integerKey<&C::server, &S::reserved_file_descriptors>(
        "server", "reserved_file_descriptors", 16, 1000000,
        "File descriptors kept free of game connections for REST, metrics, NATS and files; "
        "game.max_connections "
        "is lowered at start when the open-file limit leaves less."));
    keys.push_back(integerKey<&C::server, &S::io_threads>(
        "server", "io_threads", 0, 256,
        "Threads that serve the game port (TCP sessions and UDP); 0: one per CPU the node may run on. REST "
        "and metrics have a thread of their own."));
}

KeyDescriptor levelKey() {
    auto d = describe("log", "level", ValueKind::Choice,
                      "one of trace, debug, info, warn (or warning), error, critical, off",
                      "Lowest log level written. Stored in lower case; warning is stored as warn.");
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        std::string level = detail::toLower(detail::trimBlanks(raw));
        if (level == "warning") level = "warn";
        static constexpr std::string_view kLevels[] = {"trace", "debug",    "info", "warn",
                                                       "error", "critical", "off"};
        if (std::find(std::begin(kLevels), std::end(kLevels), level) == std::end(kLevels))
            return expectedGot(expected, raw);
        c.log.level = std::move(level);
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return yamlQuote(c.log.level); };
    return d;
}

KeyDescriptor formatKey() {
    auto d = describe("log", "format", ValueKind::Choice, "text or json",
                      "Log line format: text for people, json for one JSON object per line.");
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        const std::string format = detail::toLower(detail::trimBlanks(raw));
        if (format == "text")
            c.log.format = LogFormat::Text;
        else if (format == "json")
            c.log.format = LogFormat::Json;
        else
            return expectedGot(expected, raw);
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) {
        return yamlQuote(c.log.format == LogFormat::Json ? "json" : "text");
    };
    return d;
}

// A file the node reads at start; empty means none. Whether it exists and is readable is checked once
// every layer is in (CrossKeyChecks.cpp), so an overridden value is never opened.
template <auto F>
KeyDescriptor eventbusFileKey(std::string name, std::string description) {
    auto d = stringKey<&NodeConfig::eventbus, F>("eventbus", std::move(name),
                                                 "a path to a readable file, or empty for none",
                                                 noControlChars, std::move(description));
    d.kind = ValueKind::Path;
    return d;
}

KeyDescriptor withAlias(KeyDescriptor d, std::string alias) {
    d.envAliases.push_back(std::move(alias));
    return d;
}

KeyDescriptor secretKey(KeyDescriptor d) {
    d.secret = true;
    return d;
}

// A secret: a bad value is described, never echoed.
KeyDescriptor tokenKey() {
    auto d = describe("eventbus", "token", ValueKind::String,
                      "any text without control characters (secret; empty: no token)",
                      "Token for NATS token authentication (nats-server --auth); not with creds_file.");
    d.secret = true;
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        if (!noControlChars(raw)) return "expected " + expected + ", got a value with a control character";
        c.eventbus.token = std::string(raw);
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return yamlQuote(c.eventbus.token); };
    return d;
}

// The file variant of a secret key: `<name>_file` names a file whose content is the secret, so the
// secret never shows in the command line (/proc/PID/cmdline) or the environment. SecretFiles.cpp reads it.
template <auto S, auto F>
KeyDescriptor secretFileKey(std::string section, const std::string& secretName) {
    const std::string secret = section + "." + secretName;
    auto d = stringKey<S, F>(std::move(section), secretName + "_file",
                             "a path to a regular file, or empty for none", noControlChars,
                             "File whose content (one trailing newline dropped) is " + secret +
                                 "; not with " + secret +
                                 " itself. Unlike a flag, other users cannot read it "
                                 "from the process list.");
    d.kind = ValueKind::Path;
    return d;
}

// auth.jwt_secret: empty, or long enough to sign with. A bad value is described, never echoed.
KeyDescriptor jwtSecretKey() {
    const std::string minimum = std::to_string(kMinJwtSecretBytes);
    auto d = describe("auth", "jwt_secret", ValueKind::String,
                      "at least " + minimum +
                          " bytes (secret; empty: generated once and kept in "
                          "storage.data_dir)",
                      "HS256 key signing the REST API tokens.");
    d.secret = true;
    d.apply = [expected = d.expected](std::string_view raw, NodeConfig& c) -> std::optional<std::string> {
        if (!raw.empty() && raw.size() < kMinJwtSecretBytes)
            return "expected " + expected + ", got a value of " + std::to_string(raw.size()) +
                   " bytes; use at least " + std::to_string(kMinJwtSecretBytes) +
                   " random bytes, or leave it empty to have the node generate one";
        c.auth.jwt_secret = std::string(raw);
        return std::nullopt;
    };
    d.render = [](const NodeConfig& c) { return yamlQuote(c.auth.jwt_secret); };
    return d;
}

// The admin account, its tokens, and how many slow (argon2id) logins may wait.
void addAuthKeys(std::vector<KeyDescriptor>& keys) {
    using C = NodeConfig;
    using A = AuthConfig;
    keys.push_back(stringKey<&C::auth, &A::admin_username>("auth", "admin_username", "a non-empty name",
                                                           notBlank, "Name of the admin account."));
    keys.push_back(secretKey(stringKey<&C::auth, &A::admin_password>(
        "auth", "admin_password", "a non-empty password", notBlank,
        "Password of the admin account; the default ChangeMe123! works only from loopback clients (see "
        "auth.default_password_from_loopback).")));
    keys.push_back(secretFileKey<&C::auth, &A::admin_password_file>("auth", "admin_password"));
    keys.push_back(jwtSecretKey());
    keys.push_back(secretFileKey<&C::auth, &A::jwt_secret_file>("auth", "jwt_secret"));
    keys.push_back(integerKey<&C::auth, &A::token_ttl_minutes>(
        "auth", "token_ttl_minutes", 1, 525600,
        "Lifetime of a login token, in minutes; tokens whose exp lies further ahead are refused."));
    keys.push_back(boolKey<&C::auth, &A::default_password_from_loopback>(
        "auth", "default_password_from_loopback",
        "Let loopback clients log in with the default password ChangeMe123!; turn it off behind a reverse "
        "proxy on the same host, where every client arrives from loopback."));
    keys.push_back(integerKey<&C::auth, &A::login_queue_size>(
        "auth", "login_queue_size", 1, 100000,
        "Logins queued or running on the login workers (argon2id), all addresses together (503 beyond)."));
    keys.push_back(integerKey<&C::auth, &A::login_queue_per_address>(
        "auth", "login_queue_per_address", 1, 100000,
        "Logins queued or running from one client address (429 beyond)."));
}

// Beyond one machine: stream replicas in a JetStream cluster, authentication and TLS to the servers.
void addEventbusClusterKeys(std::vector<KeyDescriptor>& keys) {
    using C = NodeConfig;
    using E = EventbusConfig;
    keys.push_back(integerKey<&C::eventbus, &E::replicas>(
        "eventbus", "replicas", 1, 5,
        "Replicas of the stream when this node creates it (3 in a 3-server JetStream cluster)."));
    keys.push_back(integerKey<&C::eventbus, &E::home_return_after_seconds>(
        "eventbus", "home_return_after_seconds", 0, 3600,
        "After a failover, move back to the first server of eventbus.url once it has answered as healthy "
        "for this many seconds (0: stay on the server moved to)."));
    keys.push_back(tokenKey());
    keys.push_back(secretFileKey<&C::eventbus, &E::token_file>("eventbus", "token"));
    keys.push_back(eventbusFileKey<&E::creds_file>(
        "creds_file", "NATS user credentials file (JWT and nkey seed, as nsc writes it); not with token."));
    keys.push_back(eventbusFileKey<&E::tls_ca_file>(
        "tls_ca_file", "PEM CA certificate(s) to trust for the servers; setting it turns TLS on."));
    keys.push_back(eventbusFileKey<&E::tls_cert_file>(
        "tls_cert_file", "PEM client certificate chain for mutual TLS; needs tls_key_file; turns TLS on."));
    keys.push_back(eventbusFileKey<&E::tls_key_file>(
        "tls_key_file", "PEM private key of tls_cert_file; needs tls_cert_file; turns TLS on."));
}

std::vector<KeyDescriptor> buildSchema() {
    using C = NodeConfig;
    std::vector<KeyDescriptor> keys;
    keys.push_back(urlKey());
    keys.push_back(stringKey<&C::eventbus, &EventbusConfig::stream>(
        "eventbus", "stream", "a stream name of 1 to 64 letters, digits, '_' or '-'", isStreamName,
        "JetStream stream holding every region's batches (subjects <stream>.>)."));
    keys.push_back(integerKey<&C::eventbus, &EventbusConfig::retention_hours>(
        "eventbus", "retention_hours", 1, 87600,
        "How long the stream keeps batches (its max age), in hours."));
    addEventbusClusterKeys(keys);
    keys.push_back(stringKey<&C::sync, &SyncConfig::region_id>(
        "sync", "region_id", "a region id matching [a-z0-9][a-z0-9-]{0,31}", isRegionId,
        "This node's region; names its batches (subject <stream>.sync.<region_id>)."));
    keys.push_back(integerKey<&C::sync, &SyncConfig::batch_size>(
        "sync", "batch_size", 1, 100000, "A batch is published as soon as it holds this many changes."));
    keys.push_back(flushKey());
    keys.push_back(gzipKey());
    keys.push_back(stringKey<&C::server, &ServerConfig::host>(
        "server", "host", "a non-empty host or address without blanks", isHost,
        "Address every listener binds to (0.0.0.0: all interfaces)."));
    keys.push_back(
        withAlias(portKey<&C::server, &ServerConfig::tcp_port>("server", "tcp_port", "Game TCP port."),
                  "GAME_TCP_PORT"));
    keys.push_back(withAlias(portKey<&C::server, &ServerConfig::udp_port>(
                                 "server", "udp_port", "Game UDP port (movement updates)."),
                             "GAME_UDP_PORT"));
    keys.push_back(
        withAlias(portKey<&C::server, &ServerConfig::rest_port>("server", "rest_port", "REST API port."),
                  "GAME_REST_PORT"));
    keys.push_back(withAlias(portKey<&C::server, &ServerConfig::metrics_port>(
                                 "server", "metrics_port", "Prometheus metrics port (GET /metrics)."),
                             "GAME_METRICS_PORT"));
    keys.push_back(integerKey<&C::server, &ServerConfig::http_header_limit_bytes>(
        "server", "http_header_limit_bytes", 1024, 1 << 20,
        "Largest HTTP header section (request line, headers, blank line) on the REST and metrics ports "
        "(431 beyond); also the longest chunk-size line or trailer section of a chunked body (413 beyond)."));
    keys.push_back(boolKey<&C::server, &ServerConfig::metrics_digest_label>(
        "server", "metrics_digest_label",
        "Also export world_digest_info{digest} 1 on the metrics port: the label changes with every world "
        "change, so each change starts a new Prometheus series (world_digest_fingerprint is always there)."));
    keys.push_back(integerKey<&C::server, &ServerConfig::http_body_limit_bytes>(
        "server", "http_body_limit_bytes", 1024, 64 << 20, "Largest REST request body (413 beyond)."));
    addHttpExposureKeys(keys);
    addAuthKeys(keys);
    keys.push_back(stringKey<&C::storage, &StorageConfig::data_dir>(
        "storage", "data_dir", "a non-empty directory path", notBlank,
        "Directory of the snapshot and the outbox; <region_id> is replaced by sync.region_id."));
    keys.push_back(integerKey<&C::storage, &StorageConfig::snapshot_every_seconds>(
        "storage", "snapshot_every_seconds", 1, 86400, "Seconds between two world snapshots."));
    keys.push_back(integerKey<&C::storage, &StorageConfig::file_key_limit_bytes>(
        "storage", "file_key_limit_bytes", 1024, 64 << 20,
        "Largest file a file key may name (eventbus.creds_file, eventbus.tls_*_file and every *_file "
        "secret); only regular files are accepted."));
    keys.push_back(boolKey<&C::checkpoint, &CheckpointConfig::enabled>(
        "checkpoint", "enabled",
        "Write world checkpoints to the world store on NATS, so regions can start after the stream dropped "
        "old batches."));
    keys.push_back(integerKey<&C::checkpoint, &CheckpointConfig::every_seconds>(
        "checkpoint", "every_seconds", 1, 86400,
        "Seconds between two checkpoint rounds (only changed chunks are written); at most a quarter of "
        "eventbus.retention_hours."));
    addGameKeys(keys);
    keys.push_back(levelKey());
    keys.push_back(formatKey());
    return keys;
}
}  // namespace

std::vector<std::string> KeyDescriptor::envNames() const {
    std::vector<std::string> names{"GAME_" + detail::toUpper(section) + "_" + detail::toUpper(name)};
    names.insert(names.end(), envAliases.begin(), envAliases.end());
    return names;
}

const std::vector<KeyDescriptor>& configSchema() {
    static const std::vector<KeyDescriptor> schema = buildSchema();
    return schema;
}

const std::vector<std::string>& configSections() {
    static const std::vector<std::string> sections = [] {
        std::vector<std::string> names;
        for (const auto& key : configSchema())
            if (std::find(names.begin(), names.end(), key.section) == names.end())
                names.push_back(key.section);
        return names;
    }();
    return sections;
}

const KeyDescriptor* findConfigKey(std::string_view section, std::string_view name) {
    for (const auto& key : configSchema())
        if (key.section == section && key.name == name) return &key;
    return nullptr;
}

const KeyDescriptor* findConfigKey(std::string_view fullKey) {
    const auto dot = fullKey.find('.');
    if (dot == std::string_view::npos) return nullptr;
    return findConfigKey(fullKey.substr(0, dot), fullKey.substr(dot + 1));
}

}  // namespace mmo::config
