#include "cli/console/ProxyRules.hpp"

#include <algorithm>

#include "common/regions/RegionId.hpp"

namespace mmo::cli::console {

namespace {

bool listed(const std::vector<std::string_view>& list, std::string_view path) {
    return std::find(list.begin(), list.end(), path) != list.end();
}

bool plainQuery(std::string_view query) {
    return std::all_of(query.begin(), query.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '=' || c == '&' || c == '.' || c == ',' || c == '-';
    });
}

ProxyDecision refuse(unsigned status, std::string code, std::string message) {
    return {std::nullopt, {status, std::move(code), std::move(message)}};
}

// The region id for an alias or id; empty when it is neither.
std::string canonicalRegion(std::string_view name) {
    const auto id = regions::expandAlias(name);
    return regions::isValidRegionId(id) ? id : std::string();
}

}  // namespace

const std::vector<std::string_view>& allowedGetPaths() {
    static const std::vector<std::string_view> paths{
        "/api/status",      "/api/sync/status", "/api/sync/recent", "/api/world/digest", "/api/world/chunks",
        "/api/world/chunk", "/api/world/block", "/readyz",          "/healthz"};
    return paths;
}

const std::vector<std::string_view>& allowedPostPaths() {
    static const std::vector<std::string_view> paths{"/api/auth/login", "/api/admin/events/send"};
    return paths;
}

ProxyDecision resolveProxyTarget(ProxyMethod method, std::string_view requestTarget,
                                 const std::vector<ProxyRegion>& regions) {
    if (requestTarget.substr(0, kProxyPrefix.size()) != kProxyPrefix)
        return refuse(404, "not_found", "not a proxy path; use /proxy/<region>/<node path>");
    auto rest = requestTarget.substr(kProxyPrefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos)
        return refuse(404, "path_not_allowed", "no node path after the region");
    const auto regionName = rest.substr(0, slash);
    rest = rest.substr(slash);
    std::string_view query;
    if (const auto mark = rest.find('?'); mark != std::string_view::npos) {
        query = rest.substr(mark + 1);
        rest = rest.substr(0, mark);
    }
    const auto id = canonicalRegion(regionName);
    const auto region = std::find_if(regions.begin(), regions.end(),
                                     [&](const ProxyRegion& r) { return !id.empty() && r.id == id; });
    if (region == regions.end())
        return refuse(404, "unknown_region",
                      "the set has no region \"" + std::string(regionName.substr(0, 40)) + "\"");
    const bool get = listed(allowedGetPaths(), rest);
    const bool post = listed(allowedPostPaths(), rest);
    if (!get && !post)
        return refuse(404, "path_not_allowed",
                      "the console forwards only the node paths it needs (docs/console.md); not " +
                          std::string(rest.substr(0, 80)));
    if ((method == ProxyMethod::Get && !get) || (method == ProxyMethod::Post && !post))
        return refuse(405, "method_not_allowed",
                      std::string(rest) + " is forwarded with " + (get ? "GET" : "POST") + " only");
    if (query.size() > kMaxQueryBytes || !plainQuery(query))
        return refuse(400, "bad_query",
                      "the query may hold only letters, digits and _=&.,- (at most " +
                          std::to_string(kMaxQueryBytes) + " bytes)");
    ProxyTarget target;
    target.region = region->id;
    target.port = region->restPort;
    target.target = std::string(rest) + (query.empty() ? "" : "?" + std::string(query));
    target.sendsAuth = rest == "/api/admin/events/send";
    return {target, {}};
}

}  // namespace mmo::cli::console
