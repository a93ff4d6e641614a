#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <optional>
#include <string>

#include "node/http/HttpTypes.hpp"

// How the node reads a request off a connection, apart from the I/O: the parser with the node's limits
// and what a failed read is answered with. HttpSession uses these; so does the HTTP fuzzer (fuzz/).
namespace mmo::http {

// Beast's request parser, one per request.
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the node's header limit (431 beyond) and body limit (413 beyond) on a fresh parser.
void applyLimits(RequestParser& parser, const HttpLimits& limits);

// The answer to a request that could not be read; the connection closes after it.
struct ReadRejection {
    boost::beast::http::status status;
    std::string code;  // the JSON error code
    std::string message;
};

// What to answer when reading a request failed with `error`: 431 over the header limit, 413 over the body
// limit, 400 for a malformed request; nullopt when there is no one to answer (the peer closed or went
// idle, or the node is shutting down): the connection just closes.
std::optional<ReadRejection> rejectionFor(const boost::beast::error_code& error, const HttpLimits& limits);

}  // namespace mmo::http
