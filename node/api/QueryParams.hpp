#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/http/HttpTypes.hpp"

namespace mmo::api {

// The decoded query parameters of a request target. Bad input is an ApiError (400) naming the parameter.
class QueryParams {
  public:
    // Parses the query of `request.target()` (bad_query when it cannot be parsed).
    explicit QueryParams(const http::Request& request);

    // The value of `name`, if present (the first one when repeated).
    const std::string* find(const std::string& name) const;

    // `name` as an int32; missing_parameter or invalid_parameter otherwise.
    std::int32_t requireInt32(const std::string& name) const;

  private:
    std::map<std::string, std::string> values_;
};

}  // namespace mmo::api
