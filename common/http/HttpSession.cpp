#include "common/http/HttpSession.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>
#include <string_view>
#include <variant>

#include "common/http/Responses.hpp"

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

HttpSession::HttpSession(asio::ip::tcp::socket&& socket, ConnectionSlots::Slot slot,
                         RequestDispatcher dispatcher, HttpLimits limits,
                         std::shared_ptr<spdlog::logger> logger)
    : slot_(std::move(slot)),
      stream_(std::move(socket)),
      reader_(limits),
      context_{remoteAddress(stream_.socket())},
      dispatcher_(std::move(dispatcher)),
      limits_(limits),
      logger_(std::move(logger)) {}

void HttpSession::start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->readRequest(); });
}

void HttpSession::close() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->closeRequested_ = true;
        if (self->state_ == State::Reading || self->state_ == State::Lingering) self->closeNow();
        // Handling or Writing: the response goes out with "Connection: close", then onWrite closes.
    });
}

void HttpSession::readRequest() {
    state_ = State::Reading;
    // One deadline covers the whole request (header and body), and the idle time before it.
    stream_.expires_after(limits_.readTimeout);
    parseBuffered();
}

void HttpSession::parseBuffered() {
    auto step = reader_.next();
    if (std::holds_alternative<RequestReader::NeedMore>(step)) {
        if (reader_.takeContinue()) return sendContinue();
        stream_.async_read_some(reader_.prepareRead(),
                                [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                                    self->onRead(error, bytes);
                                });
    } else if (auto* request = std::get_if<Request>(&step)) {
        handleRequest(std::move(*request));
    } else if (const auto* rejection = std::get_if<ReadRejection>(&step)) {
        rejectAndClose(*rejection);
    } else {
        closeNow();  // the peer closed between two requests
    }
}

void HttpSession::sendContinue() {
    // The interim response of RFC 9110 section 10.1.1; the request's read deadline still runs.
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code error, std::size_t) {
                          if (self->state_ == State::Closed) return;
                          if (error) return self->closeNow();
                          self->parseBuffered();
                      });
}

void HttpSession::onRead(beast::error_code error, std::size_t bytes) {
    if (state_ == State::Closed) return;
    if (error == asio::error::eof) {
        reader_.endOfStream();
        return parseBuffered();  // what is buffered may still be a request, or deserve an answer
    }
    if (error) {
        // Idle past the deadline, reset by the peer, or we are shutting down: nothing to answer.
        if (error != asio::error::operation_aborted && error != beast::error::timeout)
            logger_->debug("HTTP read ended: {}", error.message());
        return closeNow();
    }
    reader_.commitRead(bytes);
    parseBuffered();
}

void HttpSession::handleRequest(Request&& request) {
    state_ = State::Handling;
    stream_.expires_never();
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
    readRequest();
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

void HttpSession::rejectAndClose(const ReadRejection& rejection) {
    // The rest of the request cannot be delimited reliably: answer, then close the connection.
    requestKeepAlive_ = false;
    requestIsHead_ = false;
    requestVersion_ = rejection.version;
    state_ = State::Handling;
    send(errorResponse(rejection.status, rejection.code, rejection.message));
}

void HttpSession::closeNow() {
    if (state_ == State::Closed) return;
    state_ = State::Closed;
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
}

}  // namespace mmo::http
