#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "common/gameproto/ErrorCode.hpp"
#include "common/gameproto/FrameInbox.hpp"
#include "common/gameproto/Messages.hpp"
#include "node/game/GameBackend.hpp"
#include "node/game/SessionWriteQueue.hpp"
#include "node/game/SubscribedArea.hpp"
#include "node/game/TokenBucket.hpp"

namespace mmo::game {

class GameServer;

// One player's TCP connection. Owns itself through shared_from_this; every handler runs on the socket's
// strand. Reads whatever the socket holds into a FrameInbox (small while the player is quiet, grown under a
// burst, never holding more than one partial frame of at most the frame limit beyond it) and handles every
// whole frame in it, under a read deadline of the idle timeout; writes from a bounded queue with one write
// in flight, which takes every frame queued meanwhile (up to kMaxGatherFrames) in one gather write. Protocol
// errors are answered with an ERROR frame; fatal ones close the connection after the queue is flushed
// (bounded by closeGrace). The frame handlers live in GameSessionFrames.cpp.
class GameSession : public std::enable_shared_from_this<GameSession> {
  public:
    GameSession(boost::asio::ip::tcp::socket socket, GameServer& server, std::uint64_t id,
                std::string address);

    // Starts reading; with a rejection, sends that (fatal) error and closes instead.
    void start(std::optional<ErrorCode> rejection);
    // Queues the changes inside the subscribed area as BLOCK_UPDATE frames (thread-safe).
    void deliverUpdates(std::vector<codec::BlockChange> changes);
    // Queues an encoded CHAT_MESSAGE frame if the player is past the handshake (thread-safe).
    void deliverChat(SessionWriteQueue::Frame frame);
    // Says goodbye and closes (thread-safe); a session that had already ended and sent everything is
    // closed at once instead of lingering.
    void shutdown(std::string reason);

  private:
    void readMore();
    // Handles every whole frame of the `bytes` just read; false when the session stopped reading.
    bool onRead(std::size_t bytes);
    void handleFrame(std::uint8_t type, std::span<const std::uint8_t> payload);
    void dispatch(const ClientMessage& message);
    void onHello(const Hello& hello);
    void onWrite(std::uint64_t requestId, std::int32_t x, std::int32_t y, std::uint16_t type);
    void onSubscribe(const Subscribe& subscribe);
    // Sends the area's blocks as BLOCK_CHUNK frames within the snapshot budget (clipped beyond it).
    void sendSnapshot(const SubscribedArea& area);
    void onChat(const ChatSay& chat);
    bool takeAction(std::uint64_t requestId);
    // Hands the writes of one read to the backend as one batch.
    void submitWrites();
    void onWritesDone(const std::vector<std::uint64_t>& requestIds, const BatchOutcome& outcome);

    void send(const ServerMessage& message, bool droppable = false);
    void sendFrame(SessionWriteQueue::Frame frame, bool droppable);
    void sendError(ErrorCode code, std::string message, std::uint64_t requestId = 0);
    void writeNext();
    void armDeadline(std::chrono::steady_clock::duration after);
    void onDeadline();
    // Ends the session (the player is gone for every purpose), queues `last` (a GOODBYE or fatal ERROR), then
    // closes after the queue is flushed. The session ends first: the frame may go out at once, and another
    // game thread or the REST thread may serve the client's next question before this returns.
    void closeWith(const ServerMessage& last);
    // Tells the server the session ended; once (closeWith or closeNow, whichever comes first).
    void endSession();
    // After the last frame is written: FIN, then read and discard until the peer closes (or closeGrace
    // passes). Closing with unread input would send RST, and the peer could lose our last frames.
    void lingerThenClose();
    void drain();
    // A read finished while closing: keep draining once lingering, else leave it to the writer.
    void onReadWhileClosing(boost::system::error_code error);
    void closeNow();

    boost::asio::ip::tcp::socket socket_;
    GameServer& server_;
    const std::uint64_t id_;
    const std::string address_;
    boost::asio::steady_timer deadline_;
    FrameInbox inbox_;                  // received bytes not handled yet; also the drain buffer
    std::vector<WriteRequest> writes_;  // writes of the current read, submitted together after it
    std::vector<std::uint64_t> writeIds_;
    SessionWriteQueue queue_;
    std::vector<boost::asio::const_buffer> gather_;  // the frames of the write in flight
    TokenBucket frameBucket_;
    TokenBucket actionBucket_;
    TokenBucket snapshotBucket_;  // bytes of SUBSCRIBE snapshots
    bool writing_ = false;
    bool reading_ = false;  // a read is in flight (one at a time: the drain must not overlap it)
    bool lingering_ = false;
    bool closing_ = false;
    bool closed_ = false;
    bool ended_ = false;
    std::optional<std::uint64_t> udpKey_;  // set once past the handshake, reset when the session ends
    std::string name_;
    std::optional<SubscribedArea> area_;
};

}  // namespace mmo::game
