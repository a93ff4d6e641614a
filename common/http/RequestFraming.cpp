#include "common/http/RequestFraming.hpp"

#include <boost/beast/http/field.hpp>

namespace mmo::http {

namespace beasthttp = boost::beast::http;

std::optional<std::string> checkRequestFraming(const Request& header) {
    const bool hasTransferEncoding = header.count(beasthttp::field::transfer_encoding) > 0;
    const bool hasContentLength = header.count(beasthttp::field::content_length) > 0;
    if (hasTransferEncoding && hasContentLength)
        return "a request may not carry both Transfer-Encoding and Content-Length";
    if (hasTransferEncoding && header.version() < 11)
        return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
    if (hasTransferEncoding && !header.chunked()) return "Transfer-Encoding must end with chunked";
    return std::nullopt;
}

}  // namespace mmo::http
