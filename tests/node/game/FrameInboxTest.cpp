// FrameInbox, the receive buffer of a game connection: frames cut out of arbitrary reads, bad prefixes,
// and the bounds of its buffer.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "common/gameproto/FrameEncoder.hpp"
#include "common/gameproto/FrameInbox.hpp"

namespace mmo::game {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Feeds `bytes` in reads of at most `readSize`, collecting the frame types; stops at a failure.
struct Feed {
    std::vector<std::uint8_t> types;
    std::optional<DecodeFailure> failure;
};
Feed feed(FrameInbox& inbox, const Bytes& bytes, std::size_t readSize) {
    Feed out;
    for (std::size_t at = 0; at < bytes.size() && !out.failure;) {
        const auto space = inbox.readSpace();
        const std::size_t n = std::min({space.size(), readSize, bytes.size() - at});
        std::memcpy(space.data(), bytes.data() + at, n);
        at += n;
        out.failure = inbox.commit(n, [&](std::uint8_t type, std::span<const std::uint8_t>) {
            out.types.push_back(type);
            return true;
        });
    }
    return out;
}

Bytes ping() {
    return encodeFrame(ClientMessage{Ping{7}});
}

// Frames split across reads byte by byte come out whole and in order.
TEST(FrameInbox, ReassemblesFramesFromSingleByteReads) {
    Bytes stream = ping();
    const auto chat = encodeFrame(ClientMessage{ChatSay{"hello"}});
    stream.insert(stream.end(), chat.begin(), chat.end());
    FrameInbox inbox(1024);
    const auto result = feed(inbox, stream, 1);
    EXPECT_FALSE(result.failure);
    EXPECT_EQ(result.types, (std::vector<std::uint8_t>{0x06, 0x05}));
    EXPECT_EQ(inbox.pending(), 0u);
}

// A length prefix over the limit is a FrameTooLarge failure after the frames before it.
TEST(FrameInbox, BadLengthFailsAfterEarlierFrames) {
    Bytes stream = ping();
    stream.insert(stream.end(), {0x01, 0x04, 0x00, 0x00, 0x06});  // 1025 > 1024
    FrameInbox inbox(1024);
    const auto result = feed(inbox, stream, 4096);
    ASSERT_TRUE(result.failure);
    EXPECT_EQ(result.failure->code, ErrorCode::FrameTooLarge);
    EXPECT_EQ(result.types.size(), 1u);
}

// Returning false from the handler stops at that frame; the rest stays pending.
TEST(FrameInbox, HandlerCanStopTheLoop) {
    Bytes stream = ping();
    const auto second = ping();
    stream.insert(stream.end(), second.begin(), second.end());
    FrameInbox inbox(1024);
    const auto space = inbox.readSpace();
    std::memcpy(space.data(), stream.data(), stream.size());
    int calls = 0;
    EXPECT_FALSE(inbox.commit(stream.size(), [&](std::uint8_t, std::span<const std::uint8_t>) {
        ++calls;
        return false;
    }));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(inbox.pending(), second.size());
}

// A peer that keeps a large partial frame pending behind full reads of small frames cannot grow the
// buffer past what one frame of the limit needs (it used to grow by up to a frame per read).
TEST(FrameInbox, BufferStaysWithinOneFrameOfTheLimit) {
    constexpr std::uint32_t kLimit = 64 * 1024;
    FrameInbox inbox(kLimit);
    for (int round = 0; round < 8; ++round) {
        // One read that fills the buffer: the rest of the pending large frame, small frames, and the
        // prefix of the next large frame at its very end (when there is room for that).
        const std::size_t room = inbox.readSpace().size();
        Bytes read(inbox.pending() > 0 ? kLimit + FrameInbox::kPrefixBytes - inbox.pending() : 0, 0);
        if (read.size() + 9 <= room) {
            std::size_t fill = room - 4 - read.size();
            for (; fill >= ping().size() + 5; fill -= ping().size()) {
                const auto frame = ping();
                read.insert(read.end(), frame.begin(), frame.end());
            }
            const auto padding = encodeRawFrame(0x06, Bytes(fill - 5, 0));
            read.insert(read.end(), padding.begin(), padding.end());
            read.insert(read.end(), {0x00, 0x00, 0x01, 0x00});  // a 65536-byte frame starts
        }
        read.resize(std::min(read.size(), room));
        const auto space = inbox.readSpace();
        std::memcpy(space.data(), read.data(), read.size());
        EXPECT_FALSE(
            inbox.commit(read.size(), [](std::uint8_t, std::span<const std::uint8_t>) { return true; }));
        EXPECT_LE(inbox.capacity(), FrameInbox::kPrefixBytes + kLimit) << "round " << round;
    }
}

// A read that fills the buffer doubles it; a small read once nothing is pending gives it back.
TEST(FrameInbox, GrowsUnderABurstAndShrinksAfter) {
    FrameInbox inbox(64 * 1024);
    Bytes burst;
    for (int i = 0; i < 79; ++i) {  // 1027 bytes: a full 1 KiB read, then the last 3 bytes
        const auto frame = ping();
        burst.insert(burst.end(), frame.begin(), frame.end());
    }
    feed(inbox, Bytes(burst.begin(), burst.begin() + 1024), 1024);
    EXPECT_EQ(inbox.capacity(), 2 * FrameInbox::kMinBytes);
    feed(inbox, Bytes(burst.begin() + 1024, burst.end()), 1024);
    EXPECT_EQ(inbox.pending(), 0u);
    EXPECT_EQ(inbox.capacity(), FrameInbox::kMinBytes);
}

}  // namespace
}  // namespace mmo::game
