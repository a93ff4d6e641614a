#pragma once

#include <cstdint>
#include <string>

// 64-bit values in REST answers (HLCs, batch and stream sequences): each is a JSON number, and beside it the
// same value as a decimal string under the field's name plus "_str" ("hlc" and "hlc_str"), which
// JavaScript's JSON.parse reads exactly where it rounds a number above 2^53
// (docs/rest-api.md#64-bit-numbers).
namespace mmo::api {

// The decimal text of `value`, for the "<name>_str" field beside "<name>".
inline std::string exactText(std::uint64_t value) {
    return std::to_string(value);
}

}  // namespace mmo::api
