#include "node/api/JsonFields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>

#include "node/api/ApiError.hpp"

namespace mmo::api {

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();

const char* kindOf(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::null:
            return "null";
        case boost::json::kind::bool_:
            return "a boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_:
            return "a number";
        case boost::json::kind::string:
            return "a string";
        case boost::json::kind::array:
            return "an array";
        case boost::json::kind::object:
            return "an object";
    }
    return "a value";
}

ApiError notAnInt32(const std::string& path, const boost::json::value& value) {
    return ApiError::badRequest(
        "invalid_field",
        path + ": expected an integer from " + std::to_string(kMin) + " to " + std::to_string(kMax) +
            ", got " + (value.is_number() ? boost::json::serialize(value) : std::string(kindOf(value))));
}

ApiError notAUint64(const std::string& path, const boost::json::value& value) {
    std::string got = kindOf(value);
    if (value.is_number())
        got = boost::json::serialize(value);
    else if (value.is_string() && value.get_string().size() <= 64)
        got = boost::json::serialize(value);
    return ApiError::badRequest("invalid_field",
                                path + ": expected an integer from 0 to " +
                                    std::to_string(std::numeric_limits<std::uint64_t>::max()) +
                                    " (a JSON number or a string of decimal digits), got " + got);
}

}  // namespace

boost::json::object parseJsonObject(std::string_view body) {
    boost::system::error_code error;
    auto value = boost::json::parse(body, error);
    if (error) throw ApiError::badRequest("bad_json", "request body is not valid JSON: " + error.message());
    if (!value.is_object())
        throw ApiError::badRequest("bad_json",
                                   std::string("request body must be a JSON object, got ") + kindOf(value));
    return std::move(value.as_object());
}

const boost::json::value& requireField(const boost::json::object& object, std::string_view key,
                                       const std::string& path) {
    const auto* value = object.if_contains(key);
    if (value == nullptr || value->is_null())
        throw ApiError::badRequest("missing_field", path + ": required field is missing");
    return *value;
}

std::string requireString(const boost::json::object& object, std::string_view key, const std::string& path) {
    const auto& value = requireField(object, key, path);
    if (!value.is_string())
        throw ApiError::badRequest("invalid_field",
                                   path + ": expected a string, got " + std::string(kindOf(value)));
    return std::string(value.get_string());
}

const boost::json::object& requireObject(const boost::json::object& object, std::string_view key,
                                         const std::string& path) {
    const auto& value = requireField(object, key, path);
    if (!value.is_object())
        throw ApiError::badRequest("invalid_field",
                                   path + ": expected an object, got " + std::string(kindOf(value)));
    return value.get_object();
}

std::int32_t toInt32(const boost::json::value& value, const std::string& path) {
    if (value.is_int64()) {
        const auto v = value.get_int64();
        if (v < kMin || v > kMax) throw notAnInt32(path, value);
        return static_cast<std::int32_t>(v);
    }
    if (value.is_uint64()) {
        if (value.get_uint64() > static_cast<std::uint64_t>(kMax)) throw notAnInt32(path, value);
        return static_cast<std::int32_t>(value.get_uint64());
    }
    if (value.is_double()) {
        const auto v = value.get_double();
        if (std::trunc(v) != v || v < static_cast<double>(kMin) || v > static_cast<double>(kMax))
            throw notAnInt32(path, value);
        return static_cast<std::int32_t>(v);
    }
    throw notAnInt32(path, value);
}

std::uint64_t requireUint64(const boost::json::object& object, std::string_view key,
                            const std::string& path) {
    const auto& value = requireField(object, key, path);
    if (value.is_uint64()) return value.get_uint64();
    if (value.is_int64() && value.get_int64() >= 0) return static_cast<std::uint64_t>(value.get_int64());
    if (value.is_string()) {
        const auto& text = value.get_string();
        std::uint64_t number = 0;
        const auto* end = text.data() + text.size();
        const auto [at, error] = std::from_chars(text.data(), end, number);
        if (!text.empty() && error == std::errc() && at == end) return number;
    }
    throw notAUint64(path, value);
}

std::int32_t requireInt32(const boost::json::object& object, std::string_view key, const std::string& path) {
    return toInt32(requireField(object, key, path), path);
}

}  // namespace mmo::api
