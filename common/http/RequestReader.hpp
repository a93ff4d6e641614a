#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/status.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "common/http/HttpTypes.hpp"

// How the node reads requests off one connection, apart from the I/O: HttpSession feeds it what the socket
// delivers; the HTTP fuzzer and the unit tests feed it bytes cut in every way. The answer to a given byte
// stream never depends on how it was cut into reads:
//  - The header section is framed here, not by Beast: the reader waits for the blank line that ends it,
//    looking at no more than the header limit's bytes, then hands the whole section to Beast in one go.
//    Beast 1.81 checks syntax eagerly on a first read but not on later ones, and checks its header limit
//    against what one read brought, so it cannot be given a header piecemeal.
//  - The request line is checked as soon as it is complete, so a malformed one is refused at once
//    (whatever follows, even a connection that ends before the blank line).
//  - The body goes through Beast's parser, but Beast never sees more than the header limit's bytes at a
//    time: a chunk-size line (with its extensions) or a trailer section longer than that is refused.
//  - The read buffer is bounded: at most the header limit plus one read (kReadSize) per connection.
namespace mmo::http {

// The answer to a request that could not be read or is refused before routing; the connection closes
// after it.
struct ReadRejection {
    boost::beast::http::status status;
    std::string code;       // the JSON error code
    std::string message;    // for a human: what was wrong and the limit
    unsigned version = 11;  // the request's HTTP version when its header was read, else 1.1
};

class RequestReader {
  public:
    // The most one read may bring.
    static constexpr std::size_t kReadSize = 16 * 1024;

    // Waiting for more bytes (or the end of the stream).
    struct NeedMore {};
    // The stream ended between two requests: close without an answer.
    struct Closed {};
    using Step = std::variant<NeedMore, Request, ReadRejection, Closed>;

    explicit RequestReader(const HttpLimits& limits);

    // Where the next read's bytes go (kReadSize bytes at most), then how many it brought.
    boost::asio::mutable_buffer prepareRead();
    void commitRead(std::size_t bytes);

    // The peer will send nothing more: what is buffered is all there is.
    void endOfStream();

    // Parses as far as the buffered bytes allow: the next complete request, a rejection, NeedMore or
    // Closed. After a request, call again for the next one (pipelined bytes stay buffered); after a
    // rejection or Closed the connection is done.
    Step next();

    // True once per request whose client waits for "100 Continue" before it sends the body (HTTP/1.1 with
    // `Expect: 100-continue`), when next() said NeedMore inside that body: the caller then sends the interim
    // response and reads on. A request refused at its header (a Content-Length over the body limit) gets
    // its refusal instead, so such a client never sends the body.
    bool takeContinue();

    // Bytes held for requests not yet complete (the body of a request being read is not counted).
    std::size_t bufferedBytes() const { return buffer_.size(); }

    // The most bufferedBytes() can ever be for these limits.
    static std::size_t bufferBound(const HttpLimits& limits) { return limits.headerLimit + kReadSize; }

  private:
    using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

    Step nextHeader();
    Step nextBody();
    ReadRejection rejection(boost::beast::http::status status, std::string code, std::string message) const;
    ReadRejection rejectionFor(const boost::beast::error_code& error) const;

    HttpLimits limits_;
    boost::beast::flat_buffer buffer_;
    std::optional<Parser> parser_;        // set once the current request's header is complete
    std::size_t headerScanned_ = 0;       // no header terminator starts before this offset
    std::size_t requestLineScanned_ = 0;  // no '\n' before this offset
    bool requestLineChecked_ = false;
    bool endOfStream_ = false;
    bool continueOwed_ = false;  // the current request expects 100-continue and has not been sent one
};

}  // namespace mmo::http
