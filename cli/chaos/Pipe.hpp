#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "cli/chaos/DelayScheduler.hpp"
#include "cli/chaos/LinkPeer.hpp"
#include "cli/chaos/LinkState.hpp"

namespace mmo::cli::chaos {

// One direction of one proxied connection: reads what `from` sends, holds each chunk until its delivery
// time (DelayScheduler), takes the link's rate tokens for it piece by piece (RateLimiter) and writes it
// to `to`, one write in flight. The queue is bounded: at `queueLimit` bytes it stops reading, so the
// sender's TCP window closes instead of the proxy's memory growing. While the link is blackholed it
// neither reads nor writes. The sender's end of stream is delivered (shutdown of `to`) in order, after
// the same delay as data. Part of a ProxyConnection, which keeps it alive through `owner`.
class Pipe {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    // Called once: failed false when the end of stream was delivered, true on a socket error.
    using Finished = std::function<void(bool failed)>;

    Pipe(boost::asio::ip::tcp::socket& from, boost::asio::ip::tcp::socket& to, LinkState& link,
         Direction direction, std::size_t queueLimit, std::uint64_t seed, Finished finished);

    // Starts moving data; `owner` is held by every pending operation.
    void start(const std::weak_ptr<void>& owner);

    // Resumes reading and writing as far as the link and the queue allow (after a heal or a write).
    void kick();

    // Stops for good: no new operation starts, the timer is cancelled, the queue dropped.
    void stop();

    std::size_t queued() const { return queuedBytes_; }

  private:
    struct Chunk {
        std::vector<char> bytes;  // empty with `fin`: the end of stream
        TimePoint due;
        bool fin = false;
        std::size_t sent = 0;
        std::size_t piece = 0;  // the size of the piece the tokens were reserved for
        bool reserved = false;
        TimePoint sendAt;  // when the reserved piece may go
    };

    void read();
    void onRead(boost::system::error_code error, std::size_t bytes);
    void pump();
    void waitUntil(TimePoint when);
    void onWrite(boost::system::error_code error, std::size_t bytes);
    void finish(bool failed);

    boost::asio::ip::tcp::socket& from_;
    boost::asio::ip::tcp::socket& to_;
    LinkState& link_;
    Direction direction_;
    std::size_t queueLimit_;
    DelayScheduler scheduler_;
    Finished finished_;
    std::weak_ptr<void> owner_;
    boost::asio::steady_timer timer_;
    std::array<char, 16 * 1024> buffer_{};
    std::deque<Chunk> queue_;
    std::size_t queuedBytes_ = 0;
    bool reading_ = false;
    bool writing_ = false;  // a write in flight, or waiting for the front chunk's time
    bool endOfStream_ = false;
    bool stopped_ = false;
};

}  // namespace mmo::cli::chaos
