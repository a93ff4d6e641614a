#pragma once

#include <string>
#include <vector>

// The REST base URLs of `--nodes` (verify-sync, send-event): nodes started by hand or on other hosts.
namespace mmo::cli {

struct NodeUrl {
    std::string host;  // a host name or an IPv4 address
    int port = 80;
    std::string text;  // normalised: "http://host:port"
};

// Parses one REST base URL: `http://HOST[:PORT][/]` (port 80 when absent). Anything else (another
// scheme, credentials, a path, a query, a bad port, an IPv6 literal) throws CommandError (exit 2) naming
// `flag`, the item and an example.
NodeUrl parseNodeUrl(const std::string& text, const std::string& flag);

// Parses a comma-separated list of them; an empty list or the same URL twice is a CommandError (exit 2).
std::vector<NodeUrl> parseNodeUrls(const std::string& list, const std::string& flag);

}  // namespace mmo::cli
