#pragma once

#include <optional>
#include <string>

#include "common/http/HttpTypes.hpp"

namespace mmo::http {

// Checks how a request's body is delimited, before the body is read. Returns why the request is rejected
// (400) or nullopt when it is acceptable. Beast 1.81 accepts some of these; they enable request smuggling
// behind proxies (RFC 9112 section 6.1), so we refuse them:
//  - both Transfer-Encoding and Content-Length;
//  - Transfer-Encoding in an HTTP/1.0 request (1.0 has no chunked coding);
//  - a Transfer-Encoding whose last coding is not chunked.
std::optional<std::string> checkRequestFraming(const Request& header);

}  // namespace mmo::http
