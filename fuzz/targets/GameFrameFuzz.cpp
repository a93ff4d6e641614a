// Fuzzes the game protocol's TCP framing and payload decoding (docs/protocol.md) the way GameSession
// does: bytes go through a FrameInbox in the chunks a socket might deliver, every whole frame's payload
// through decodeClientPayload. The same bytes also go through the server-to-client decoder (what the
// client library reads) and the UDP datagram decoders. Invariants:
//  - the frames and the framing failure do not depend on how the stream was cut into reads;
//  - the inbox never holds more than one partial frame, and its buffer never grows past what one
//    frame of the limit needs (or the burst size, kMaxBytes);
//  - a client frame that decodes re-encodes to exactly its bytes (the encoding is canonical);
//  - a server frame or a datagram that decodes survives encode -> decode unchanged.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "common/gameproto/FrameInbox.hpp"
#include "common/gameproto/UdpCodec.hpp"
#include "fuzz/support/Chunker.hpp"
#include "fuzz/support/FuzzCheck.hpp"

namespace mmo::fuzz {
namespace {

using namespace mmo::game;
using Bytes = std::vector<std::uint8_t>;

struct Frame {
    std::uint8_t type;
    Bytes payload;
    friend bool operator==(const Frame&, const Frame&) = default;
};

struct Split {
    std::vector<Frame> frames;
    std::optional<ErrorCode> failure;
};

// Feeds the stream to an inbox in reads of at most `chunks.next()` bytes (0: as much as the buffer takes).
Split splitStream(std::span<const std::uint8_t> stream, std::uint32_t maxFrame, Chunker* chunks) {
    FrameInbox inbox(maxFrame);
    Split out;
    std::size_t at = 0;
    while (at < stream.size()) {
        const auto space = inbox.readSpace();
        MMO_FUZZ_CHECK(!space.empty(), "the inbox always has room to read into");
        std::size_t n = std::min(space.size(), stream.size() - at);
        if (chunks != nullptr) n = chunks->next(n);
        std::memcpy(space.data(), stream.data() + at, n);
        at += n;
        const auto failure = inbox.commit(n, [&](std::uint8_t type, std::span<const std::uint8_t> payload) {
            MMO_FUZZ_CHECK(payload.size() < maxFrame, "a frame is within the limit");
            out.frames.push_back({type, Bytes(payload.begin(), payload.end())});
            return true;
        });
        if (failure) {
            out.failure = failure->code;
            return out;
        }
        MMO_FUZZ_CHECK(inbox.pending() < FrameInbox::kPrefixBytes + maxFrame,
                       "at most one partial frame is kept");
        MMO_FUZZ_CHECK(inbox.capacity() <=
                           std::max<std::size_t>(FrameInbox::kMaxBytes, FrameInbox::kPrefixBytes + maxFrame),
                       "the buffer never grows past one frame of the limit (or a burst)");
    }
    return out;
}

Bytes wholeFrame(const Frame& frame) {
    return encodeRawFrame(frame.type, frame.payload);
}

void checkClientFrame(const Frame& frame) {
    const auto decoded = decodeClientPayload(frame.type, frame.payload);
    if (const auto* failure = std::get_if<DecodeFailure>(&decoded)) {
        if (tracing()) trace("client frame " + std::to_string(frame.type) + ": " + failure->message);
        MMO_FUZZ_CHECK(failure->code == ErrorCode::MalformedFrame || failure->code == ErrorCode::UnknownType,
                       "a bad payload is malformed or of an unknown type");
        return;
    }
    MMO_FUZZ_CHECK(encodeFrame(std::get<ClientMessage>(decoded)) == wholeFrame(frame),
                   "a decoded client frame re-encodes to its exact bytes");
}

void checkServerFrame(const Frame& frame) {
    const auto decoded = decodeServerPayload(frame.type, frame.payload);
    if (std::holds_alternative<DecodeFailure>(decoded)) return;
    const Bytes encoded = encodeFrame(std::get<ServerMessage>(decoded));
    MMO_FUZZ_CHECK(encoded.size() >= kFrameHeaderBytes, "an encoded frame has its header");
    const auto again =
        decodeServerPayload(encoded[4], std::span<const std::uint8_t>(encoded).subspan(kFrameHeaderBytes));
    MMO_FUZZ_CHECK(std::holds_alternative<ServerMessage>(again), "an encoded server frame decodes");
    MMO_FUZZ_CHECK(encodeFrame(std::get<ServerMessage>(again)) == encoded, "server frames round-trip");
}

void checkDatagrams(std::span<const std::uint8_t> input) {
    if (const auto position = decodePosition(input))
        MMO_FUZZ_CHECK(Bytes(input.begin(), input.end()) == encodePosition(*position),
                       "positions round-trip");
    if (const auto positions = decodePositions(input))
        MMO_FUZZ_CHECK(Bytes(input.begin(), input.end()) == encodePositions(*positions),
                       "position lists round-trip");
    if (const auto challenge = decodeChallenge(input))
        MMO_FUZZ_CHECK(Bytes(input.begin(), input.end()) == encodeChallenge(*challenge),
                       "challenges round-trip");
    if (const auto verify = decodeVerify(input))
        MMO_FUZZ_CHECK(Bytes(input.begin(), input.end()) == encodeVerify(*verify), "verifies round-trip");
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mmo::fuzz;
    const std::span<const std::uint8_t> input(data, size);
    // The frame limit is a config value (256 B .. 16 MiB); small ones let short inputs reach its edges.
    Chunker chunks(input, 300);
    static constexpr std::uint32_t kLimits[] = {256, 1000, 64 * 1024};
    const std::uint32_t maxFrame = kLimits[chunks.nextRandom() % 3];

    const Split whole = splitStream(input, maxFrame, nullptr);
    const Split chunked = splitStream(input, maxFrame, &chunks);
    MMO_FUZZ_CHECK(whole.frames == chunked.frames, "the frames do not depend on how reads cut the stream");
    MMO_FUZZ_CHECK(whole.failure == chunked.failure, "nor does the framing failure");
    if (tracing())
        trace(std::to_string(whole.frames.size()) + " frames" +
              (whole.failure ? ", then " + std::string(toString(*whole.failure)) : std::string()));
    for (const Frame& frame : whole.frames) {
        checkClientFrame(frame);
        checkServerFrame(frame);
    }
    checkDatagrams(input);
    return 0;
}
