#include "node/http/RequestParsing.hpp"

#include <boost/beast/http/error.hpp>

namespace mmo::http {

namespace beasthttp = boost::beast::http;

void applyLimits(RequestParser& parser, const HttpLimits& limits) {
    parser.header_limit(static_cast<std::uint32_t>(limits.headerLimit));
    parser.body_limit(limits.bodyLimit);
}

std::optional<ReadRejection> rejectionFor(const boost::beast::error_code& error, const HttpLimits& limits) {
    if (error == beasthttp::error::header_limit)
        return ReadRejection{beasthttp::status::request_header_fields_too_large, "header_too_large",
                             "request headers exceed " + std::to_string(limits.headerLimit) + " bytes"};
    if (error == beasthttp::error::body_limit)
        return ReadRejection{beasthttp::status::payload_too_large, "payload_too_large",
                             "request body exceeds " + std::to_string(limits.bodyLimit) + " bytes"};
    if (error.category() == beasthttp::make_error_code(beasthttp::error::end_of_stream).category() &&
        error != beasthttp::error::end_of_stream && error != beasthttp::error::partial_message)
        return ReadRejection{beasthttp::status::bad_request, "bad_request",
                             "malformed HTTP request: " + error.message()};
    return std::nullopt;
}

}  // namespace mmo::http
