#include "node/game/GameSession.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "node/game/GameServer.hpp"

namespace mmo::game {

namespace asio = boost::asio;

namespace {
// Frames per gather write (one writev; Linux takes up to 1024 buffers, asio up to 64 per call).
constexpr std::size_t kMaxGatherFrames = 64;
}  // namespace

GameSession::GameSession(asio::ip::tcp::socket socket, GameServer& server, std::uint64_t id,
                         std::string address)
    : socket_(std::move(socket)),
      server_(server),
      id_(id),
      address_(std::move(address)),
      deadline_(socket_.get_executor()),
      inbox_(server.limits().maxFrameBytes),
      queue_(server.limits().updateQueueBytes, server.limits().maxQueueBytes),
      frameBucket_(server.limits().framesPerSecond, server.limits().frameBurst, server.now()),
      actionBucket_(server.limits().actionsPerSecond, server.limits().actionBurst, server.now()),
      snapshotBucket_(server.limits().snapshotBytesPerSecond, server.limits().snapshotBurstBytes,
                      server.now()) {}

void GameSession::start(std::optional<ErrorCode> rejection) {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this(), rejection] {
        if (rejection) {
            self->sendError(*rejection, *rejection == ErrorCode::ServerFull
                                            ? "too many connections; try again later or another region"
                                            : "connection refused");
            return;
        }
        self->armDeadline(self->server_.limits().idleTimeout);
        self->readMore();
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
        if (self->closing_) {
            if (self->lingering_) self->closeNow();  // ended and flushed: no reason to keep the node waiting
            return;
        }
        self->closeWith(ServerGoodbye{reason});
    });
}

void GameSession::readMore() {
    const auto space = inbox_.readSpace();
    reading_ = true;
    socket_.async_read_some(asio::buffer(space.data(), space.size()),
                            [self = shared_from_this()](boost::system::error_code error, std::size_t bytes) {
                                self->reading_ = false;
                                if (self->closing_) return self->onReadWhileClosing(error);
                                if (error) return self->closeNow();
                                if (self->onRead(bytes)) self->readMore();
                            });
}

bool GameSession::onRead(std::size_t bytes) {
    bool armed = false;
    const auto failure =
        inbox_.commit(bytes, [this, &armed](std::uint8_t type, std::span<const std::uint8_t> payload) {
            if (!armed) {
                armed = true;
                armDeadline(server_.limits().idleTimeout);
            }
            handleFrame(type, payload);
            return !closing_;
        });
    if (failure) {
        // The stream cannot be resynchronised past a bad length: fatal.
        server_.countFrame(0xff);
        sendError(failure->code, failure->message);
    }
    submitWrites();  // also when closing: the writes before a fatal frame are stored, as they were taken
    return !closing_;
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
    const ErrorFrame frame{static_cast<std::uint16_t>(code), requestId, fatal, std::move(message)};
    if (fatal) return closeWith(frame);
    send(frame);
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
    // The queue keeps the frames alive until the write completes: they are popped only then.
    const auto count = std::min(queue_.size(), kMaxGatherFrames);
    gather_.clear();
    for (std::size_t i = 0; i < count; ++i) gather_.push_back(asio::buffer(*queue_.at(i)));
    asio::async_write(socket_, std::span<const asio::const_buffer>(gather_),
                      [self = shared_from_this(), count](boost::system::error_code error, std::size_t) {
                          self->writing_ = false;
                          if (error) return self->closeNow();
                          self->queue_.pop(count);
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

void GameSession::closeWith(const ServerMessage& last) {
    endSession();  // gone at once; only the socket lingers to deliver the last frames
    send(last);
    if (closing_) return;  // already closing, or closed by a full queue
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
    const auto space = inbox_.discardSpace();
    reading_ = true;
    socket_.async_read_some(asio::buffer(space.data(), space.size()),
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

void GameSession::endSession() {
    if (ended_) return;
    ended_ = true;
    area_.reset();
    server_.sessionEnded(id_, udpKey_);
    udpKey_.reset();
}

void GameSession::closeNow() {
    if (closed_) return;
    closed_ = closing_ = true;
    endSession();
    boost::system::error_code ignored;
    deadline_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    server_.connectionClosed(id_, address_);
}

}  // namespace mmo::game
