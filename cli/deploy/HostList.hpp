#pragma once

#include <string>
#include <string_view>
#include <vector>

// `config generate --hosts eu=eu1.example.net,us=us1.example.net`: which host runs which region.
namespace mmo::cli::deploy {

// True for a DNS host name (dot-separated labels of letters, digits and inner '-', each 1 to 63
// characters, 253 in all) or a dotted IPv4 address. IPv6 literals are not accepted.
bool isValidHostName(std::string_view host);

// The host of every region of regionIds, in that order, from "REGION=HOST,..." (regions as aliases or
// ids). Throws CommandError (exit 2) naming the entry: no '=', an unknown or repeated region, an
// invalid host name, or a region without a host.
std::vector<std::string> parseHostList(std::string_view text, const std::vector<std::string>& regionIds);

}  // namespace mmo::cli::deploy
