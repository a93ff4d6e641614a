#pragma once

#include <string>
#include <string_view>

// Credentials never leave the process in a URL: what is shown, logged or stored for display goes
// through here first.
namespace mmo::text {

// `text` with the user info of every URL in it (`scheme://user:password@host`) redacted: the password
// of `user:password@` becomes "<redacted>" and a single part (`token@`, a token or a user alone) becomes
// "<redacted>" too, since NATS reads a lone user part as a token. Works on one URL, on a
// comma-separated list of them and on free text (a URL ends at '/', ',', a blank or a quote).
// Text without "://" comes back unchanged.
std::string redactUrlCredentials(std::string_view text);

// True when some URL in `text` carries user info (what redactUrlCredentials would change).
bool hasUrlCredentials(std::string_view text);

}  // namespace mmo::text
