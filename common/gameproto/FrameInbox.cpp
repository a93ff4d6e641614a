#include "common/gameproto/FrameInbox.hpp"

namespace mmo::game {

void FrameInbox::keepRest(std::size_t handled, std::size_t bytes, bool wasFilled, std::size_t partialFrame) {
    if (handled > 0) {
        std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(handled),
                  buffer_.begin() + static_cast<std::ptrdiff_t>(filled_), buffer_.begin());
        filled_ -= handled;
    }
    // Sized after the move: a frame that begins far into a full buffer must not grow it by the bytes in
    // front of it (read after read, a peer could otherwise grow it without bound).
    if (buffer_.size() < partialFrame) buffer_.resize(partialFrame);
    if (wasFilled && buffer_.size() < kMaxBytes) {
        buffer_.resize(std::min(kMaxBytes, buffer_.size() * 2));
    } else if (filled_ == 0 && buffer_.size() > kMinBytes && bytes <= buffer_.size() / 4) {
        std::vector<std::uint8_t>(kMinBytes).swap(buffer_);  // the burst is over: give it back
    }
}

}  // namespace mmo::game
