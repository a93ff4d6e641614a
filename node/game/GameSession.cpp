#include "node/game/GameSession.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "node/game/GameServer.hpp"

namespace mmo::game {

namespace asio = boost::asio;

namespace {
// A read buffer grown by a large frame is given back once it is over this size, so that a burst of big
// frames does not pin memory for the life of the connection.
constexpr std::size_t kKeepBodyCapacity = 4096;
}  // namespace

GameSession::GameSession(asio::ip::tcp::socket socket, GameServer& server, std::uint64_t id,
                         std::string address)
    : socket_(std::move(socket)),
      server_(server),
      id_(id),
      address_(std::move(address)),
      deadline_(socket_.get_executor()),
      queue_(server.limits().updateQueueBytes, server.limits().maxQueueBytes),
      frameBucket_(server.limits().framesPerSecond, server.limits().frameBurst, server.now()),
      actionBucket_(server.limits().actionsPerSecond, server.limits().actionBurst, server.now()) {}

void GameSession::start(std::optional<ErrorCode> rejection) {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this(), rejection] {
        if (rejection) {
            self->sendError(*rejection, *rejection == ErrorCode::ServerFull
                                            ? "too many connections; try again later or another region"
                                            : "connection refused");
            return;
        }
        self->armDeadline(self->server_.limits().idleTimeout);
        self->readPrefix();
    });
}

void GameSession::deliverUpdates(std::vector<codec::BlockChange> changes) {
    asio::post(socket_.get_executor(), [self = shared_from_this(), changes = std::move(changes)] {
        if (self->closing_ || !self->area_) return;
        for (const auto& c : changes) {
            if (!self->area_->contains(c.x, c.y)) continue;  // the area changed since the server routed it
            self->send(BlockUpdate{Cell{c.x, c.y, c.type, c.hlc, c.origin}}, true);
        }
    });
}

void GameSession::deliverChat(SessionWriteQueue::Frame frame) {
    asio::post(socket_.get_executor(), [self = shared_from_this(), frame = std::move(frame)] {
        if (!self->closing_ && self->udpKey_) self->sendFrame(frame, true);
    });
}

void GameSession::shutdown(std::string reason) {
    asio::post(socket_.get_executor(), [self = shared_from_this(), reason = std::move(reason)] {
        if (self->closing_) return;
        self->send(ServerGoodbye{reason});
        self->closeAfterFlush();
    });
}

void GameSession::readPrefix() {
    reading_ = true;
    asio::async_read(socket_, asio::buffer(prefix_),
                     [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                         self->reading_ = false;
                         if (self->closing_) return self->onReadWhileClosing(error);
                         if (error) return self->closeNow();
                         const auto length =
                             frameLengthOf(self->prefix_, self->server_.limits().maxFrameBytes);
                         if (const auto* failure = std::get_if<DecodeFailure>(&length)) {
                             // The stream cannot be resynchronised past a bad length: fatal.
                             self->server_.countFrame(0xff);
                             return self->sendError(failure->code, failure->message);
                         }
                         self->readBody(std::get<std::uint32_t>(length));
                     });
}

void GameSession::readBody(std::uint32_t length) {
    if (body_.capacity() > kKeepBodyCapacity && length <= kKeepBodyCapacity)
        std::vector<std::uint8_t>().swap(body_);
    body_.resize(length);
    reading_ = true;
    asio::async_read(socket_, asio::buffer(body_),
                     [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                         self->reading_ = false;
                         if (self->closing_) return self->onReadWhileClosing(error);
                         if (error) return self->closeNow();
                         self->armDeadline(self->server_.limits().idleTimeout);
                         const auto type = self->body_[0];
                         self->handleFrame(type, std::span<const std::uint8_t>(self->body_).subspan(1));
                         if (!self->closing_) self->readPrefix();
                     });
}

void GameSession::send(const ServerMessage& message, bool droppable) {
    sendFrame(std::make_shared<const std::vector<std::uint8_t>>(encodeFrame(message)), droppable);
}

void GameSession::sendFrame(SessionWriteQueue::Frame frame, bool droppable) {
    if (closed_) return;
    if (queue_.push(std::move(frame), droppable) == SessionWriteQueue::Push::Overflow) {
        server_.logger().info("Game session {} ({}): write queue full, closing", id_, address_);
        return closeNow();  // the client stopped reading; telling it would need queue space too
    }
    writeNext();
}

void GameSession::sendError(ErrorCode code, std::string message, std::uint64_t requestId) {
    server_.countError();
    const bool fatal = isFatal(code);
    server_.logger().debug("Game session {} ({}): {} {}", id_, address_, toString(code), message);
    send(ErrorFrame{static_cast<std::uint16_t>(code), requestId, fatal, std::move(message)});
    if (fatal) closeAfterFlush();
}

void GameSession::writeNext() {
    if (writing_ || closed_) return;
    if (queue_.takeResyncDue())
        return sendError(ErrorCode::Resync,
                         "updates were dropped because you read too slowly; subscribe again");
    if (queue_.empty()) {
        if (closing_) lingerThenClose();
        return;
    }
    writing_ = true;
    const auto frame = queue_.front();
    asio::async_write(socket_, asio::buffer(*frame),
                      [self = shared_from_this(), frame](boost::system::error_code error, std::size_t) {
                          self->writing_ = false;
                          if (error) return self->closeNow();
                          self->queue_.pop();
                          self->writeNext();
                      });
}

void GameSession::armDeadline(std::chrono::steady_clock::duration after) {
    deadline_.expires_after(after);
    deadline_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
        auto self = weak.lock();
        if (!self || error == asio::error::operation_aborted) return;
        self->onDeadline();
    });
}

void GameSession::onDeadline() {
    if (closed_) return;
    if (closing_) return closeNow();  // the peer did not take the last frames within closeGrace
    sendError(ErrorCode::IdleTimeout, "nothing received for " +
                                          std::to_string(server_.limits().idleTimeout.count()) +
                                          " ms; send PING to keep an idle connection");
}

void GameSession::closeAfterFlush() {
    if (closing_) return;
    closing_ = true;
    armDeadline(server_.limits().closeGrace);  // frames still arriving are ignored from now on
    writeNext();
}

void GameSession::lingerThenClose() {
    if (lingering_ || closed_) return;
    lingering_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    if (!reading_) drain();  // else the read in flight continues the drain when it completes
}

void GameSession::drain() {
    reading_ = true;
    socket_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                                self->reading_ = false;
                                self->onReadWhileClosing(error);
                            });
}

void GameSession::onReadWhileClosing(boost::system::error_code error) {
    if (closed_ || !lingering_) return;  // not flushed yet: lingerThenClose starts the drain
    if (error) return closeNow();        // the peer closed (EOF) or reset: done
    drain();
}

void GameSession::closeNow() {
    if (closed_) return;
    closed_ = closing_ = true;
    boost::system::error_code ignored;
    deadline_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    server_.sessionClosed(id_, address_, udpKey_);
}

}  // namespace mmo::game
