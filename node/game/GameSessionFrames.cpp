// GameSession's frame handlers (the I/O half is GameSession.cpp).
#include <boost/asio/post.hpp>
#include <limits>
#include <optional>

#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/FrameEncoder.hpp"
#include "common/text/Utf8.hpp"
#include "node/game/GameServer.hpp"
#include "node/game/GameSession.hpp"
#include "node/game/PlayerNames.hpp"
#include "node/game/SnapshotChunker.hpp"

namespace mmo::game {

namespace asio = boost::asio;

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// The request id of a message that carries one (PLACE_BLOCK, BREAK_BLOCK).
std::optional<std::uint64_t> requestIdOf(const ClientMessage& message) {
    if (const auto* p = std::get_if<PlaceBlock>(&message)) return p->requestId;
    if (const auto* b = std::get_if<BreakBlock>(&message)) return b->requestId;
    return std::nullopt;
}

// Where a text field stops being UTF-8, for the error message.
std::string utf8Problem(const char* field, std::string_view text) {
    return std::string(field) + " is not valid UTF-8 (bad byte at offset " +
           std::to_string(text::validUtf8Prefix(text)) + "); send well-formed UTF-8";
}

}  // namespace

void GameSession::handleFrame(std::uint8_t type, std::span<const std::uint8_t> payload) {
    server_.countFrame(type);
    if (!frameBucket_.tryTake(server_.now()))
        return sendError(ErrorCode::Flood, "more than " + std::to_string(server_.limits().framesPerSecond) +
                                               " frames per second");
    // The version is checked before the rest of HELLO: a newer client's HELLO may not parse as ours.
    if (type == static_cast<std::uint8_t>(FrameType::Hello) && payload.size() >= 2) {
        const auto version = static_cast<std::uint16_t>(payload[0] | (payload[1] << 8));
        if (version != kProtocolVersion)
            return sendError(ErrorCode::UnsupportedVersion, "protocol version " + std::to_string(version) +
                                                                " is not supported; this server speaks " +
                                                                std::to_string(kProtocolVersion));
    }
    auto decoded = decodeClientPayload(type, payload);
    if (const auto* failure = std::get_if<DecodeFailure>(&decoded))
        return sendError(failure->code, failure->message, failure->requestId);
    dispatch(std::get<ClientMessage>(decoded));
}

void GameSession::dispatch(const ClientMessage& message) {
    if (std::holds_alternative<Hello>(message)) return onHello(std::get<Hello>(message));
    if (const auto* ping = std::get_if<Ping>(&message)) return send(Pong{ping->nonce});
    if (std::holds_alternative<ClientGoodbye>(message)) {
        return closeWith(ServerGoodbye{"goodbye"});
    }
    const auto requestId = requestIdOf(message);
    if (!udpKey_) return sendError(ErrorCode::NotAuthenticated, "send HELLO first", requestId.value_or(0));
    if (requestId == std::uint64_t{0})  // 0 would be an answer "not about a request"
        return sendError(ErrorCode::InvalidArgument,
                         "request id 0 is reserved (an ERROR with request id 0 is about no request); "
                         "number requests from 1");
    std::visit(Overloaded{[this](const PlaceBlock& m) {
                              if (m.type == 0)
                                  return sendError(ErrorCode::InvalidArgument,
                                                   "block type 0 is air: use BREAK_BLOCK", m.requestId);
                              onWrite(m.requestId, m.x, m.y, m.type);
                          },
                          [this](const BreakBlock& m) { onWrite(m.requestId, m.x, m.y, 0); },
                          [this](const Subscribe& m) { onSubscribe(m); },
                          [this](const ChatSay& m) { onChat(m); }, [](const auto&) {}},
               message);
}

void GameSession::onHello(const Hello& hello) {
    if (udpKey_) return sendError(ErrorCode::AlreadyAuthenticated, "HELLO was already accepted");
    if (hello.auth == AuthKind::Guest) {
        if (!server_.limits().allowGuests)
            return sendError(ErrorCode::GuestsNotAllowed, "guests are not allowed here; log in for a token");
        if (!validGuestName(hello.credential))
            return sendError(ErrorCode::AuthFailed, "a guest name is 1-32 characters of A-Z a-z 0-9 _ -");
        switch (server_.claimGuestName(id_, hello.credential)) {
            case NameRegistry::Claim::ReservedForAccount:
                return sendError(ErrorCode::NameTaken,
                                 "the name \"" + hello.credential +
                                     "\" belongs to an account; choose another guest "
                                     "name, or log in for a token to play as the account");
            case NameRegistry::Claim::InUse:
                return sendError(ErrorCode::NameTaken, "a player named \"" + hello.credential +
                                                           "\" is logged in here; choose another guest name");
            case NameRegistry::Claim::Taken:
                break;
        }
        name_ = guestDisplayName(hello.credential);  // marked wherever other players see it
    } else {
        if (hello.credential.size() > kMaxCredentialBytes)
            return sendError(ErrorCode::AuthFailed,
                             "the token is " + std::to_string(hello.credential.size()) +
                                 " bytes, over the limit of " + std::to_string(kMaxCredentialBytes) +
                                 "; send the token of POST /api/auth/login");
        if (!text::isValidUtf8(hello.credential))
            return sendError(ErrorCode::AuthFailed, utf8Problem("the token", hello.credential));
        auto name = server_.backend().authorize(hello.credential);
        if (!name)
            return sendError(ErrorCode::AuthFailed,
                             "the token is not valid or has expired; log in again (POST /api/auth/login)");
        server_.claimAccountName(id_, *name);
        name_ = std::move(*name);
    }
    const auto ticket = server_.registerPlayer(id_);
    udpKey_ = ticket.udpKey;
    const auto& limits = server_.limits();
    send(Welcome{kProtocolVersion, ticket.playerId, server_.backend().region, ticket.udpKey, name_,
                 static_cast<std::uint32_t>(limits.actionsPerSecond), limits.maxAreaSide,
                 static_cast<std::uint32_t>(limits.positionHz)});
}

bool GameSession::takeAction(std::uint64_t requestId) {
    if (actionBucket_.tryTake(server_.now())) return true;
    sendError(ErrorCode::RateLimited,
              "over " + std::to_string(static_cast<int>(server_.limits().actionsPerSecond)) +
                  " actions per second; the action was not done",
              requestId);
    return false;
}

void GameSession::onWrite(std::uint64_t requestId, std::int32_t x, std::int32_t y, std::uint16_t type) {
    if (!takeAction(requestId)) return;
    if (server_.backend().writeBatch) {  // submitted with the other writes of this read (submitWrites)
        writes_.push_back(WriteRequest{x, y, type});
        writeIds_.push_back(requestId);
        return;
    }
    server_.backend().write(x, y, type, [self = shared_from_this(), requestId](WriteOutcome outcome) {
        asio::post(self->socket_.get_executor(), [self, requestId, outcome = std::move(outcome)] {
            if (self->closing_) return;
            if (outcome.ok) return self->send(BlockAck{requestId, outcome.hlc});
            self->sendError(ErrorCode::WriteFailed,
                            "the region could not store the write (" + outcome.error + "); try again later",
                            requestId);
        });
    });
}

void GameSession::submitWrites() {
    if (writes_.empty()) return;
    auto done = [self = shared_from_this(), ids = std::move(writeIds_)](BatchOutcome outcome) mutable {
        asio::post(self->socket_.get_executor(), [self, ids = std::move(ids), outcome = std::move(outcome)] {
            if (!self->closing_) self->onWritesDone(ids, outcome);
        });
    };
    server_.backend().writeBatch(std::move(writes_), std::move(done));
    writes_.clear();
    writeIds_.clear();
}

void GameSession::onWritesDone(const std::vector<std::uint64_t>& requestIds, const BatchOutcome& outcome) {
    if (!outcome.ok) {
        for (const auto id : requestIds)
            sendError(ErrorCode::WriteFailed,
                      "the region could not store the write (" + outcome.error + "); try again later", id);
        return;
    }
    // Every ack of the batch in one queued frame buffer (one allocation, one entry in the write queue).
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < requestIds.size(); ++i) {
        const auto frame = encodeFrame(ServerMessage{BlockAck{requestIds[i], outcome.hlcs[i]}});
        if (bytes.empty()) bytes.reserve(frame.size() * requestIds.size());
        bytes.insert(bytes.end(), frame.begin(), frame.end());
    }
    sendFrame(std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes)), false);
}

void GameSession::onSubscribe(const Subscribe& m) {
    if (!takeAction(0)) return;
    if (m.width == 0 || m.height == 0) {
        area_.reset();
        server_.setArea(id_, std::nullopt);
        return send(BlockChunk{true, {}});
    }
    const auto side = server_.limits().maxAreaSide;
    if (m.width > side || m.height > side)
        return sendError(ErrorCode::AreaTooLarge, "an area is at most " + std::to_string(side) + "x" +
                                                      std::to_string(side) + " cells");
    const SubscribedArea area{m.x, m.y, std::int64_t{m.x} + m.width, std::int64_t{m.y} + m.height};
    constexpr auto kMax = std::int64_t{std::numeric_limits<std::int32_t>::max()} + 1;
    if (area.x1 > kMax || area.y1 > kMax)
        return sendError(ErrorCode::InvalidArgument, "the area reaches past the edge of the world");
    // Registered before the snapshot is read: a change applied meanwhile arrives as an update after the
    // snapshot (maybe twice, which is harmless: clients keep the higher hlc).
    area_ = area;
    server_.setArea(id_, area);
    sendSnapshot(area);
}

void GameSession::sendSnapshot(const SubscribedArea& area) {
    // The chunks may take what the session's snapshot budget holds: an 11-byte SUBSCRIBE must not buy
    // megabytes. Beyond it the snapshot is clipped, and the client is told before the final chunk.
    const auto now = server_.now();
    const auto budget = static_cast<std::size_t>(snapshotBucket_.available(now));
    SnapshotChunker chunker(server_.limits().chunkCells, budget, [this](const BlockChunk& c) { send(c); });
    server_.backend().blocksIn(area.x0, area.y0, area.x1, area.y1,
                               [&](const Cell& cell) { chunker.add(cell); });
    if (chunker.clipped()) {
        const auto& limits = server_.limits();
        sendError(ErrorCode::SnapshotClipped,
                  "the snapshot was clipped: " + std::to_string(chunker.cellsLeftOut()) + " of " +
                      std::to_string(chunker.cellsSent() + chunker.cellsLeftOut()) +
                      " blocks were left out (a player is sent at most " +
                      std::to_string(static_cast<std::size_t>(limits.snapshotBurstBytes)) +
                      " bytes of snapshots at once and " +
                      std::to_string(static_cast<std::size_t>(limits.snapshotBytesPerSecond)) +
                      " bytes/s after that); subscribe to a smaller area, or again later");
    }
    chunker.finish();
    snapshotBucket_.take(static_cast<double>(chunker.bytesSent()), now);
}

void GameSession::onChat(const ChatSay& m) {
    if (!takeAction(0)) return;
    if (m.text.empty() || m.text.size() > server_.limits().maxChatBytes)
        return sendError(ErrorCode::InvalidArgument, "chat text is 1.." +
                                                         std::to_string(server_.limits().maxChatBytes) +
                                                         " bytes, got " + std::to_string(m.text.size()));
    if (!text::isValidUtf8(m.text))  // nothing reaches the bus: the other regions would drop it as malformed
        return sendError(ErrorCode::InvalidArgument, utf8Problem("chat text", m.text));
    if (!server_.backend().say(name_, m.text))
        sendError(ErrorCode::ChatUnavailable,
                  "the region is not connected to the other regions; try again later");
}

}  // namespace mmo::game
