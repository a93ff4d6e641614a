#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/http/HttpTypes.hpp"

// What a browser may not do to an HTTP API it can reach (a local node, a node behind a firewall): checks on a
// request's Origin, Host and Content-Type headers, before its handler runs. A refusal is an HttpError (JSON
// error body) that names the header, the value and the key that would allow it.
//  - Origin: a request that carries one (browsers add it to cross-site requests and to every POST) is served
//    only when it is in allowedOrigins (compared without regard to letter case). Empty list: none.
//  - Host (when checkHost): DNS rebinding points an attacker's name at the node, so the browser sends that
//    name as Host. Served: no Host, an IP address, "localhost", or a name in allowedHosts.
//  - Content-Type: POST, PUT and PATCH must say application/json (parameters such as charset allowed).
//    Browsers send text/plain, form and multipart bodies across sites without asking; JSON they do not.
namespace mmo::http {

struct RequestGuardSettings {
    std::vector<std::string> allowedOrigins;
    std::string originsKey;  // the config key that lists them, named in the refusal
    bool checkHost = false;
    std::vector<std::string> allowedHosts;
    std::string hostsKey;         // the config key that lists them
    std::string hostCheckReason;  // why Host is checked, and how else to lift the check
};

class RequestGuard {
  public:
    explicit RequestGuard(RequestGuardSettings settings);

    // Throws HttpError: 403 origin_not_allowed, 403 host_not_allowed, 400 bad_request (a repeated Host or
    // Origin header), 415 unsupported_media_type.
    void check(const Request& request) const;

  private:
    void checkOrigin(const Request& request) const;
    void checkHost(const Request& request) const;
    static void checkContentType(const Request& request);

    RequestGuardSettings settings_;
};

// The host part of a Host header value ("Example.COM:8088" -> "example.com", "[::1]:80" -> "::1"), lower
// case, without a trailing dot; empty when it cannot be read.
std::string hostOfHostHeader(std::string_view value);

// Entries of a comma-separated list, blanks around each removed, empty ones dropped.
std::vector<std::string> splitCommaList(std::string_view list);

}  // namespace mmo::http
