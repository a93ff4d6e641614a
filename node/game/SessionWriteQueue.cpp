#include "node/game/SessionWriteQueue.hpp"

namespace mmo::game {

SessionWriteQueue::Push SessionWriteQueue::push(Frame frame, bool droppable) {
    const std::size_t size = frame->size();
    if (droppable && (dropped_ || bytes_ + size > droppableLimit_)) {
        // Once an update is lost, later ones would leave the client with holes: drop them all until the
        // client resyncs.
        dropped_ = true;
        return Push::Dropped;
    }
    if (bytes_ + size > hardLimit_) return Push::Overflow;
    bytes_ += size;
    frames_.push_back(std::move(frame));
    return Push::Queued;
}

void SessionWriteQueue::pop() {
    bytes_ -= frames_.front()->size();
    frames_.pop_front();
}

void SessionWriteQueue::pop(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) bytes_ -= frames_[i]->size();
    frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(count));
}

bool SessionWriteQueue::takeResyncDue() {
    if (!dropped_ || bytes_ > droppableLimit_ / 2) return false;
    dropped_ = false;
    return true;
}

}  // namespace mmo::game
