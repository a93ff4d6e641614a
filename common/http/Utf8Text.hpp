#pragma once

#include <string>
#include <string_view>

namespace mmo::http {

// `text` with every byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF) replaced by U+FFFD. Client bytes echoed into a JSON answer (a path,
// a query value) go through this, so that the answer stays valid JSON for strict clients.
std::string validUtf8(std::string_view text);

}  // namespace mmo::http
