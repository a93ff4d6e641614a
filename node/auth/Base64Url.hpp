#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mmo::auth::base64url {

// base64url (RFC 4648 section 5) without padding, as JWT uses it.
std::string encode(std::span<const unsigned char> bytes);
// Same, for text.
std::string encode(std::string_view text);
// Strict decode: only the url-safe alphabet, no padding, no whitespace, unused trailing bits zero;
// std::nullopt otherwise.
std::optional<std::string> decode(std::string_view text);

}  // namespace mmo::auth::base64url
