#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace mmo::game {

// A session's outgoing frames, bounded in bytes. Droppable frames (block updates, chat) are dropped once
// `droppableLimit` bytes are queued, and the queue remembers that so the session can tell the client to
// resync; any frame that would take the queue over `hardLimit` is refused (the client does not read: the
// session closes). Not thread-safe (used on the session's strand).
class SessionWriteQueue {
  public:
    using Frame = std::shared_ptr<const std::vector<std::uint8_t>>;
    enum class Push { Queued, Dropped, Overflow };

    SessionWriteQueue(std::size_t droppableLimit, std::size_t hardLimit)
        : droppableLimit_(droppableLimit), hardLimit_(hardLimit) {}

    // Queues a frame (see the class comment for the limits).
    Push push(Frame frame, bool droppable);
    bool empty() const { return frames_.empty(); }
    // The oldest frame; the queue must not be empty.
    const Frame& front() const { return frames_.front(); }
    // The i-th oldest frame (i < size()).
    const Frame& at(std::size_t i) const { return frames_[i]; }
    std::size_t size() const { return frames_.size(); }
    // Removes the oldest frame (after it was written).
    void pop();
    // Removes the `count` oldest frames (after they were written).
    void pop(std::size_t count);
    std::size_t bytes() const { return bytes_; }
    // True once per episode of dropping, when the queue has drained below half the droppable limit: the
    // moment to send a resync error.
    bool takeResyncDue();

  private:
    std::size_t droppableLimit_;
    std::size_t hardLimit_;
    std::deque<Frame> frames_;
    std::size_t bytes_ = 0;
    bool dropped_ = false;
};

}  // namespace mmo::game
