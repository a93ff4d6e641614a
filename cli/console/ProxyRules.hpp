#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Which requests the console forwards to the set's nodes: never an open proxy. A request to
// /proxy/<region><node path>[?query] is forwarded only to a region of the set (127.0.0.1 and its REST
// port from state.json), only for a listed node path and method, with a bounded, plain query.
namespace mmo::cli::console {

// A region of the set the console may reach.
struct ProxyRegion {
    std::string id;  // "eu-west-1"
    std::uint16_t restPort = 0;
};

enum class ProxyMethod { Get, Post };

// Where an allowed request goes.
struct ProxyTarget {
    std::string region;
    std::uint16_t port = 0;
    std::string target;      // node path plus query: "/api/world/chunk?cx=0&cy=0"
    bool sendsAuth = false;  // the admin token (Authorization) is passed on: admin routes only
};

// Why a request is refused (an HTTP status and a stable code for the error body).
struct ProxyRefusal {
    unsigned status = 400;
    std::string code;
    std::string message;
};

inline constexpr std::string_view kProxyPrefix = "/proxy/";
inline constexpr std::size_t kMaxQueryBytes = 256;

// The node paths read with GET (read only, no login).
const std::vector<std::string_view>& allowedGetPaths();
// The node paths posted to: the admin login and the admin event route.
const std::vector<std::string_view>& allowedPostPaths();

// Resolves a request target of the console ("/proxy/eu/api/world/block?x=1&y=2"; a region by alias or
// id) against the set's regions. The query may hold only [A-Za-z0-9_=&.,-] and at most kMaxQueryBytes.
// Returns the target, or the refusal: 404 unknown_region, 404 path_not_allowed, 405 method_not_allowed,
// 400 bad_query.
struct ProxyDecision {
    std::optional<ProxyTarget> target;
    ProxyRefusal refusal;
};
ProxyDecision resolveProxyTarget(ProxyMethod method, std::string_view requestTarget,
                                 const std::vector<ProxyRegion>& regions);

}  // namespace mmo::cli::console
