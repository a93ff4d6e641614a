#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The eventbus.url value: one nats:// or tls:// URL, or a comma-separated list of them.
namespace mmo::config {

struct NatsServerUrl {
    std::string scheme;         // "nats" or "tls", lower case
    std::string host;           // a name, an IPv4 address or an IPv6 address without brackets
    std::uint16_t port = 4222;  // 4222 when the URL has none
    std::string text;           // the entry as written, blanks trimmed
};

// True when host names this machine (localhost, 127.x.x.x, ::1, 0.0.0.0, ::).
bool isLoopbackHost(std::string_view host);

// Parses the list; on failure returns why, naming the bad entry (e.g. `entry 2 "http://x": ...`).
std::variant<std::vector<NatsServerUrl>, std::string> parseNatsUrlList(std::string_view list);

}  // namespace mmo::config
