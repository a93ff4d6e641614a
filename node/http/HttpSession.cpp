#include "node/http/HttpSession.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "node/http/RequestFraming.hpp"
#include "node/http/RequestParsing.hpp"
#include "node/http/Responses.hpp"

namespace mmo::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beasthttp = boost::beast::http;

namespace {

asio::ip::address remoteAddress(const asio::ip::tcp::socket& socket) {
    boost::system::error_code error;
    const auto endpoint = socket.remote_endpoint(error);
    return error ? asio::ip::address() : endpoint.address();
}

}  // namespace

HttpSession::HttpSession(asio::ip::tcp::socket&& socket, RequestDispatcher dispatcher, HttpLimits limits,
                         std::shared_ptr<spdlog::logger> logger)
    : stream_(std::move(socket)),
      context_{remoteAddress(stream_.socket())},
      dispatcher_(std::move(dispatcher)),
      limits_(limits),
      logger_(std::move(logger)) {}

void HttpSession::start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->readHeader(); });
}

void HttpSession::close() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->closeRequested_ = true;
        if (self->state_ == State::Reading || self->state_ == State::Lingering) self->closeNow();
        // Handling or Writing: the response goes out with "Connection: close", then onWrite closes.
    });
}

void HttpSession::readHeader() {
    state_ = State::Reading;
    parser_.emplace();
    applyLimits(*parser_, limits_);
    // One deadline covers the whole request (header and body), and the idle time before it.
    stream_.expires_after(limits_.readTimeout);
    beasthttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, std::size_t) { self->onHeader(error); });
}

void HttpSession::onHeader(beast::error_code error) {
    if (error) return failRequest(error);
    if (const auto problem = checkRequestFraming(parser_->get()))
        return rejectAndClose(beasthttp::status::bad_request, "bad_request", *problem);
    readBody();
}

void HttpSession::readBody() {
    beasthttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, std::size_t) { self->onBody(error); });
}

void HttpSession::onBody(beast::error_code error) {
    if (error) return failRequest(error);
    handleRequest();
}

void HttpSession::handleRequest() {
    state_ = State::Handling;
    stream_.expires_never();
    auto request = parser_->release();
    requestVersion_ = request.version();
    requestKeepAlive_ = request.keep_alive();
    requestIsHead_ = request.method() == beasthttp::verb::head;
    // The handler may answer from another thread or later: hop back onto this session's strand, once.
    auto answered = std::make_shared<bool>(false);
    dispatcher_(std::move(request), context_, [self = shared_from_this(), answered](Response response) {
        asio::dispatch(self->stream_.get_executor(),
                       [self, answered, response = std::move(response)]() mutable {
                           if (*answered || self->state_ != State::Handling) return;
                           *answered = true;
                           self->send(std::move(response));
                       });
    });
}

void HttpSession::send(Response response) {
    state_ = State::Writing;
    const bool keepAlive = requestKeepAlive_ && !closeRequested_;
    response_ = std::move(response);
    finishResponse(*response_, requestVersion_, keepAlive);
    if (requestIsHead_) response_->body().clear();  // HEAD: the GET headers (Content-Length too), no body
    stream_.expires_after(limits_.writeTimeout);
    beasthttp::async_write(stream_, *response_,
                           [self = shared_from_this(), keepAlive](beast::error_code error, std::size_t) {
                               self->onWrite(!keepAlive, error);
                           });
}

void HttpSession::onWrite(bool closeAfter, beast::error_code error) {
    response_.reset();
    if (error) {
        logger_->debug("HTTP write failed: {}", error.message());
        return closeNow();
    }
    if (closeAfter || closeRequested_) return lingerThenClose();
    readHeader();
}

void HttpSession::lingerThenClose() {
    // Closing a socket with unread input sends a reset, which can destroy the response we just sent before
    // the client reads it. So: end our side, discard what the client still sends for a short while, close.
    state_ = State::Lingering;
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    discardInput();
}

void HttpSession::discardInput() {
    stream_.async_read_some(asio::buffer(discard_),
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                                if (error || self->state_ == State::Closed) return self->closeNow();
                                self->discardInput();
                            });
}

void HttpSession::failRequest(beast::error_code error) {
    if (const auto rejection = rejectionFor(error, limits_))
        return rejectAndClose(rejection->status, rejection->code.c_str(), rejection->message);
    // The peer closed, went idle past the deadline, or we are shutting down: nothing to answer.
    if (error != beasthttp::error::end_of_stream && error != asio::error::operation_aborted &&
        error != beast::error::timeout)
        logger_->debug("HTTP read ended: {}", error.message());
    closeNow();
}

void HttpSession::rejectAndClose(beasthttp::status status, const char* code, const std::string& message) {
    // The rest of the request cannot be delimited reliably: answer, then close the connection.
    requestKeepAlive_ = false;
    requestIsHead_ = false;
    requestVersion_ = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    state_ = State::Handling;
    send(errorResponse(status, code, message));
}

void HttpSession::closeNow() {
    if (state_ == State::Closed) return;
    state_ = State::Closed;
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
}

}  // namespace mmo::http
