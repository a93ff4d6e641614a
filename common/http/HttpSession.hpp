#pragma once

#include <spdlog/logger.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "common/http/ConnectionSlots.hpp"
#include "common/http/HttpTypes.hpp"
#include "common/http/RequestReader.hpp"

namespace mmo::http {

// One HTTP/1.1 connection. It owns itself through shared_from_this: every pending operation holds a
// reference, so the session lives exactly as long as it has work. All of its handlers run on the strand of
// its socket's executor. One request is read, answered, and only then is the next one read (keep-alive), so
// at most one response is in flight. RequestReader turns the bytes into requests or rejections, with the
// limits: header size (431), body size (413), chunk framing (413), a bounded read buffer; a deadline
// (limits.readTimeout) covers each request and the idle time before it, another each write: the connection
// is closed without an answer when one passes. A request with `Expect: 100-continue` gets the interim
// "100 Continue" before its body is read (RequestReader::takeContinue). It holds its server's connection slot
// until it ends. The Respond handed to the dispatcher may be called from any thread (a worker pool, the sync
// thread): it hops back onto this session's strand.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(boost::asio::ip::tcp::socket&& socket, ConnectionSlots::Slot slot,
                RequestDispatcher dispatcher, HttpLimits limits, std::shared_ptr<spdlog::logger> logger);

    // Starts reading the first request.
    void start();

    // Closes the connection from any thread: at once when waiting for a request, after the response
    // being prepared or written otherwise.
    void close();

  private:
    enum class State { Reading, Handling, Writing, Lingering, Closed };
    static constexpr std::chrono::milliseconds kLingerTime{1000};

    void readRequest();
    void parseBuffered();
    void sendContinue();
    void onRead(boost::beast::error_code error, std::size_t bytes);
    void handleRequest(Request&& request);
    void send(Response response);
    void onWrite(bool closeAfter, boost::beast::error_code error);
    void rejectAndClose(const ReadRejection& rejection);
    void lingerThenClose();
    void discardInput();
    void closeNow();

    ConnectionSlots::Slot slot_;  // given back when the session ends
    boost::beast::tcp_stream stream_;
    RequestReader reader_;
    std::optional<Response> response_;
    std::array<char, 4096> discard_{};
    RequestContext context_;  // the peer's address, read once at accept
    RequestDispatcher dispatcher_;
    HttpLimits limits_;
    std::shared_ptr<spdlog::logger> logger_;
    State state_ = State::Reading;
    bool closeRequested_ = false;
    unsigned requestVersion_ = 11;
    bool requestKeepAlive_ = true;
    bool requestIsHead_ = false;
};

}  // namespace mmo::http
