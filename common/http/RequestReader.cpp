#include "common/http/RequestReader.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <limits>
#include <string_view>
#include <utility>

#include "common/http/RequestFraming.hpp"

namespace mmo::http {

namespace asio = boost::asio;
namespace beasthttp = boost::beast::http;

namespace {

constexpr std::string_view kEndOfHeader = "\r\n\r\n";
constexpr std::size_t kShortestChunkedRest = 5;  // "0\r\n\r\n": the last chunk and an empty trailer

std::string_view bufferedText(const boost::beast::flat_buffer& buffer, std::size_t most) {
    const auto data = buffer.data();
    return {static_cast<const char*>(data.data()), std::min(data.size(), most)};
}

// Beast's verdict on a complete request line (ending in '\n'), alone: an error, or none when it is valid
// so far (Beast then waits for the header fields).
boost::beast::error_code checkRequestLine(std::string_view line) {
    // Beast waits for the "\r\n" after the version, so a bare '\n' would leave it waiting for ever.
    if (line.size() < 2 || line[line.size() - 2] != '\r') return beasthttp::error::bad_line_ending;
    beasthttp::request_parser<beasthttp::empty_body> probe;
    probe.header_limit(std::numeric_limits<std::uint32_t>::max());
    boost::beast::error_code error;
    probe.put(asio::buffer(line.data(), line.size()), error);
    if (error == beasthttp::error::need_more) return {};
    return error;
}

}  // namespace

RequestReader::RequestReader(const HttpLimits& limits) : limits_(limits), buffer_(bufferBound(limits)) {}

asio::mutable_buffer RequestReader::prepareRead() {
    // next() refuses a request before the unparsed bytes reach the header limit, so there is always room.
    const std::size_t room = buffer_.max_size() - buffer_.size();
    return buffer_.prepare(std::min(kReadSize, room));
}

void RequestReader::commitRead(std::size_t bytes) {
    buffer_.commit(bytes);
}

void RequestReader::endOfStream() {
    endOfStream_ = true;
}

RequestReader::Step RequestReader::next() {
    return parser_ ? nextBody() : nextHeader();
}

RequestReader::Step RequestReader::nextHeader() {
    // Only the first headerLimit bytes are ever looked at, so every decision below depends on the bytes
    // received, never on how many of them one read brought.
    const std::string_view head = bufferedText(buffer_, limits_.headerLimit);
    if (head.empty()) {
        if (endOfStream_) return Closed{};
        return NeedMore{};
    }
    if (!requestLineChecked_) {
        const auto lineEnd = head.find('\n', requestLineScanned_);
        if (lineEnd == std::string_view::npos) {
            requestLineScanned_ = head.size();
        } else {
            if (const auto error = checkRequestLine(head.substr(0, lineEnd + 1)))
                return rejection(beasthttp::status::bad_request, "bad_request",
                                 "malformed HTTP request: " + error.message());
            requestLineChecked_ = true;
        }
    }
    // The search resumes where the last one stopped (3 bytes back, for a terminator cut by a read), so a
    // header arriving a byte at a time costs linear time, not quadratic.
    const auto end = head.find(kEndOfHeader, headerScanned_);
    if (end == std::string_view::npos) {
        headerScanned_ = head.size() < kEndOfHeader.size() ? 0 : head.size() - (kEndOfHeader.size() - 1);
        if (buffer_.size() >= limits_.headerLimit)
            return rejection(beasthttp::status::request_header_fields_too_large, "header_too_large",
                             "request headers exceed " + std::to_string(limits_.headerLimit) + " bytes");
        if (endOfStream_)
            return rejection(beasthttp::status::bad_request, "bad_request",
                             "incomplete HTTP request: the connection ended inside the request header");
        return NeedMore{};
    }

    // The whole header section is here: Beast parses it in one go (the limit is already enforced).
    const std::size_t headerSize = end + kEndOfHeader.size();
    parser_.emplace();
    parser_->header_limit(std::numeric_limits<std::uint32_t>::max());
    parser_->body_limit(limits_.bodyLimit);
    boost::beast::error_code error;
    const std::size_t used = parser_->put(asio::buffer(head.data(), headerSize), error);
    if (error) return rejectionFor(error);  // malformed header, or a Content-Length over the body limit
    if (used != headerSize || !parser_->is_header_done())
        return rejection(beasthttp::status::bad_request, "bad_request",
                         "malformed HTTP request: the header section could not be parsed");
    buffer_.consume(headerSize);
    headerScanned_ = 0;  // the next request's header starts afresh
    requestLineScanned_ = 0;
    requestLineChecked_ = false;
    if (const auto problem = checkRequestFraming(parser_->get()))
        return rejection(beasthttp::status::bad_request, "bad_request", *problem);
    const auto& header = parser_->get();
    continueOwed_ =
        header.version() >= 11 && boost::beast::iequals(header[beasthttp::field::expect], "100-continue");
    return nextBody();
}

bool RequestReader::takeContinue() {
    return std::exchange(continueOwed_, false);
}

RequestReader::Step RequestReader::nextBody() {
    for (;;) {
        if (parser_->is_done()) {
            Request request = parser_->release();
            parser_.reset();
            continueOwed_ = false;  // the body came without the interim response: none is needed
            return request;
        }
        // Beast sees at most headerLimit bytes at a time: body bytes pass through, but a chunk-size line
        // or a trailer section longer than that can never complete.
        const std::string_view window = bufferedText(buffer_, limits_.headerLimit);
        // Beast 1.81 asserts that a final chunk it saw once comes back with at least 5 bytes ("0\r\n" then
        // one byte more trips it). The rest of a chunked body is never shorter than "0\r\n\r\n", so waiting
        // for 5 bytes costs nothing; at the end of the stream Beast gets what there is.
        const bool tooShortForBeast = parser_->chunked() && window.size() < kShortestChunkedRest;
        if (!window.empty() && (!tooShortForBeast || endOfStream_)) {
            boost::beast::error_code error;
            const std::size_t used = parser_->put(asio::buffer(window.data(), window.size()), error);
            buffer_.consume(used);
            if (error && error != beasthttp::error::need_more) return rejectionFor(error);
            if (used > 0) continue;
            if (buffer_.size() >= limits_.headerLimit)
                return rejection(beasthttp::status::payload_too_large, "payload_too_large",
                                 "a chunk-size line or the trailer section exceeds " +
                                     std::to_string(limits_.headerLimit) + " bytes");
        }
        if (!endOfStream_) return NeedMore{};
        boost::beast::error_code error;
        parser_->put_eof(error);
        if (!error && parser_->is_done()) continue;
        return rejection(beasthttp::status::bad_request, "bad_request",
                         "incomplete HTTP request: the connection ended inside the request body");
    }
}

ReadRejection RequestReader::rejection(beasthttp::status status, std::string code,
                                       std::string message) const {
    return ReadRejection{status, std::move(code), std::move(message),
                         parser_ ? parser_->get().version() : 11};
}

ReadRejection RequestReader::rejectionFor(const boost::beast::error_code& error) const {
    if (error == beasthttp::error::body_limit)
        return rejection(beasthttp::status::payload_too_large, "payload_too_large",
                         "request body exceeds " + std::to_string(limits_.bodyLimit) + " bytes");
    return rejection(beasthttp::status::bad_request, "bad_request",
                     "malformed HTTP request: " + error.message());
}

}  // namespace mmo::http
