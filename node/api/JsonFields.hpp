#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

// Reading request bodies: every failure is an ApiError (400) whose message names the field by its path
// ("data.x") and says what is valid.
namespace mmo::api {

// Parses a request body that must be one JSON object (bad_json otherwise).
boost::json::object parseJsonObject(std::string_view body);

// The field `key` of `object`; missing_field when absent or null. `path` is the name used in messages.
const boost::json::value& requireField(const boost::json::object& object, std::string_view key,
                                       const std::string& path);

// A string field (invalid_field when it is another JSON type).
std::string requireString(const boost::json::object& object, std::string_view key, const std::string& path);

// An object field.
const boost::json::object& requireObject(const boost::json::object& object, std::string_view key,
                                         const std::string& path);

// An integer field in int32 range; 5.0 is accepted, 5.5, "5" and out-of-range numbers are not.
std::int32_t requireInt32(const boost::json::object& object, std::string_view key, const std::string& path);

// A 64-bit unsigned field (an HLC, a batch or stream sequence): a JSON integer from 0 to 2^64 - 1 or, for
// clients whose JSON numbers are doubles (JavaScript), the same value as a string of decimal digits
// ("117725863314128994"). A fraction, an exponent, a sign or a number beyond the range is invalid_field.
std::uint64_t requireUint64(const boost::json::object& object, std::string_view key, const std::string& path);

// The int32 in `value`; invalid_field naming `path` otherwise.
std::int32_t toInt32(const boost::json::value& value, const std::string& path);

}  // namespace mmo::api
