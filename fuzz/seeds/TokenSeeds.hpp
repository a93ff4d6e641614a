#pragma once

#include <string>
#include <string_view>

#include "node/auth/JwtClaims.hpp"

namespace mmo::fuzz::seeds {

// A token for `claims` signed by the node's own JwtCodec with the fuzz secret.
std::string nodeToken(const auth::Claims& claims);
// base64url(header).base64url(payload), signed with HMAC-SHA256 and the fuzz secret when `sign`.
std::string rawToken(std::string_view headerJson, std::string_view payloadJson, bool sign = true);

// Claims issued at the fuzz clock's now, valid for an hour.
auth::Claims freshClaims(std::string role);

}  // namespace mmo::fuzz::seeds
