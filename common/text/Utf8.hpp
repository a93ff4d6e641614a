#pragma once

#include <cstddef>
#include <string_view>

namespace mmo::text {

// True when `text` is well-formed UTF-8 (RFC 3629): no stray continuation bytes, no truncated sequences,
// no overlong forms, no surrogates (U+D800..U+DFFF), nothing past U+10FFFF. Every text field of the game
// protocol must be (docs/protocol.md, "Strings"); client bytes echoed in JSON are made so (http::validUtf8).
bool isValidUtf8(std::string_view text);
// The length of the well-formed sequence at the start of `text`, or 0 when it does not start with one
// (or is empty).
std::size_t utf8SequenceLength(std::string_view text);
// The length of the longest well-formed prefix of `text`: the offset of the first bad byte, or
// text.size() when there is none.
std::size_t validUtf8Prefix(std::string_view text);

}  // namespace mmo::text
