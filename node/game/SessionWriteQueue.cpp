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

bool SessionWriteQueue::takeResyncDue() {
    if (!dropped_ || bytes_ > droppableLimit_ / 2) return false;
    dropped_ = false;
    return true;
}

}  // namespace mmo::game
