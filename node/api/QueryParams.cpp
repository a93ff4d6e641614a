#include "node/api/QueryParams.hpp"

#include <boost/url/parse.hpp>
#include <charconv>
#include <limits>

#include "node/api/ApiError.hpp"

namespace mmo::api {

QueryParams::QueryParams(const http::Request& request) {
    const auto target = request.target();
    const auto url = boost::urls::parse_origin_form(std::string_view(target.data(), target.size()));
    if (!url)
        throw ApiError::badRequest("bad_query",
                                   "the request target cannot be parsed: " + url.error().message());
    for (const auto& param : url->params()) values_.emplace(param.key, param.value);
}

const std::string* QueryParams::find(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
}

std::int32_t QueryParams::requireInt32(const std::string& name) const {
    const auto* text = find(name);
    if (text == nullptr || text->empty())
        throw ApiError::badRequest("missing_parameter",
                                   "query parameter " + name + " is required (an integer)");
    std::int32_t value = 0;
    const auto* end = text->data() + text->size();
    const auto [at, error] = std::from_chars(text->data(), end, value);
    if (error != std::errc() || at != end)
        throw ApiError::badRequest("invalid_parameter",
                                   "query parameter " + name + ": expected an integer from " +
                                       std::to_string(std::numeric_limits<std::int32_t>::min()) + " to " +
                                       std::to_string(std::numeric_limits<std::int32_t>::max()) + ", got \"" +
                                       *text + "\"");
    return value;
}

}  // namespace mmo::api
