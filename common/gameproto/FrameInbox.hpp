#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "common/gameproto/FrameDecoder.hpp"

namespace mmo::game {

// The receive side of a game TCP connection (docs/protocol.md, "Framing"): the buffer a socket reads into
// and the cutting of whole frames out of it. The buffer stays small for a quiet peer (kMinBytes), doubles
// while reads fill it up to kMaxBytes (more for one large frame), and is given back once a burst is over;
// it never holds more than one partial frame (at most maxFrameBytes + 4) beyond what was handled. No I/O
// here: GameSession reads into readSpace() and commits; tests and the fuzzer commit arbitrary chunks.
class FrameInbox {
  public:
    static constexpr std::size_t kMinBytes = 1024;
    static constexpr std::size_t kMaxBytes = 64 * 1024;
    static constexpr std::size_t kPrefixBytes = 4;

    explicit FrameInbox(std::uint32_t maxFrameBytes) : maxFrameBytes_(maxFrameBytes) {}

    // Where the next read goes: the free end of the buffer (never empty; grown when full).
    std::span<std::uint8_t> readSpace() {
        if (buffer_.size() == filled_) buffer_.resize(std::max(kMinBytes, buffer_.size() * 2));
        return std::span<std::uint8_t>(buffer_).subspan(filled_);
    }

    // The whole buffer, to read into and discard (draining a closing connection).
    std::span<std::uint8_t> discardSpace() {
        if (buffer_.empty()) buffer_.resize(kMinBytes);
        return buffer_;
    }

    // Takes the `bytes` just read into readSpace() and calls onFrame(type, payload) for every whole frame
    // in order, while it returns true (false: the connection is closing, stop there). The payload view is
    // valid during the call only. Returns the failure of a bad length prefix (0 or over maxFrameBytes): the
    // stream cannot be resynchronised past it, the connection must close and the inbox is not used again.
    // Otherwise keeps the unhandled rest for the next read, resizes the buffer and returns nullopt.
    template <typename OnFrame>
    std::optional<DecodeFailure> commit(std::size_t bytes, OnFrame&& onFrame) {
        const bool wasFilled = filled_ + bytes == buffer_.size();
        filled_ += bytes;
        std::size_t at = 0;
        std::size_t partialFrame = 0;  // bytes of the whole frame that has only begun to arrive
        while (filled_ - at >= kPrefixBytes) {
            auto length =
                frameLengthOf(std::span<const std::uint8_t, kPrefixBytes>(buffer_.data() + at, kPrefixBytes),
                              maxFrameBytes_);
            if (auto* failure = std::get_if<DecodeFailure>(&length)) return std::move(*failure);
            const std::size_t size = std::get<std::uint32_t>(length);
            if (filled_ - at < kPrefixBytes + size) {
                partialFrame = kPrefixBytes + size;
                break;
            }
            const std::uint8_t* frame = buffer_.data() + at + kPrefixBytes;
            at += kPrefixBytes + size;
            if (!onFrame(frame[0], std::span<const std::uint8_t>(frame + 1, size - 1))) break;
        }
        keepRest(at, bytes, wasFilled, partialFrame);
        return std::nullopt;
    }

    // Bytes received but not yet handled (a partial frame).
    std::size_t pending() const { return filled_; }
    // The buffer's current size (tests, the fuzzer).
    std::size_t capacity() const { return buffer_.size(); }

  private:
    // Moves the unhandled rest to the front, then sizes the buffer: room for all of a partial frame,
    // doubled after a read that filled it (up to kMaxBytes), given back after a burst.
    void keepRest(std::size_t handled, std::size_t bytes, bool wasFilled, std::size_t partialFrame);

    std::uint32_t maxFrameBytes_;
    std::vector<std::uint8_t> buffer_;  // [0, filled_): received, not handled yet
    std::size_t filled_ = 0;
};

}  // namespace mmo::game
