#include "node/game/GameServer.hpp"

#include <boost/asio/post.hpp>
#include <cstring>

#include "common/gameproto/FrameEncoder.hpp"
#include "node/game/GameSession.hpp"

namespace mmo::game {

namespace asio = boost::asio;

namespace {
// Frame-type labels of game_frames_total besides the TCP frame types (docs/protocol.md, "Metrics").
constexpr const char* kUdpPositionLabel = "udp_position";      // from the session's verified endpoint
constexpr const char* kUdpUnverifiedLabel = "udp_unverified";  // a live key from an unverified endpoint
constexpr const char* kUdpVerifyLabel = "udp_verify";          // a VERIFY that verified its endpoint
constexpr const char* kUdpRejectedLabel = "udp_rejected";  // wrong or stale key, wrong nonce, or malformed

// Validated before any member uses them (the challenge interval divides by a rate).
const GameLimits& validated(const GameLimits& limits) {
    validate(limits);
    return limits;
}

std::chrono::steady_clock::duration challengeInterval(const GameLimits& limits) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / limits.udpChallengesPerSecond));
}

const char* rejectionReason(PositionTracker::Verdict verdict) {
    switch (verdict) {
        case PositionTracker::Verdict::StaleKey:
            return "stale key";
        case PositionTracker::Verdict::WrongNonce:
            return "a VERIFY with a nonce not sent to that endpoint";
        default:
            return "wrong key";
    }
}
}  // namespace

GameServer::GameServer(asio::any_io_executor executor, GameUdpEndpoint* udp, GameBackend backend,
                       GameLimits limits, metrics::GameMetrics& metrics,
                       std::shared_ptr<spdlog::logger> logger, Clock clock)
    : executor_(std::move(executor)),
      udp_(udp),
      backend_(std::move(backend)),
      limits_(validated(limits)),
      metrics_(metrics),
      logger_(std::move(logger)),
      clock_(std::move(clock)),
      positions_(challengeInterval(limits_)),
      tickTimer_(executor_) {
    // Received frames only: the client types and "unknown" (undefined types, bad length prefixes).
    for (int type = 0x00; type <= 0x07; ++type) {
        const char* name = frameTypeName(static_cast<std::uint8_t>(type));
        frameCounters_[name] = &metrics_.frames.labels({name});
    }
    for (const char* name : {kUdpPositionLabel, kUdpUnverifiedLabel, kUdpVerifyLabel, kUdpRejectedLabel})
        frameCounters_[name] = &metrics_.frames.labels({name});
}

GameServer::~GameServer() = default;

void GameServer::start() {
    if (udp_) scheduleTick();
}

void GameServer::stop() {
    std::vector<std::shared_ptr<GameSession>> open;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        for (auto& [id, weak] : sessions_)
            if (auto s = weak.lock()) open.push_back(std::move(s));
    }
    {
        std::lock_guard lock(tickMutex_);
        tickStopped_ = true;
        tickTimer_.cancel();
    }
    for (auto& s : open) s->shutdown("server shutting down");
}

void GameServer::accept(asio::ip::tcp::socket socket) {
    boost::system::error_code error;
    const auto remote = socket.remote_endpoint(error);
    if (error) return;  // already gone
    // Frames are small and each is answered (an ack per write): without this, Nagle holds back a reply
    // behind an unacknowledged one and the peer's delayed ACK adds up to 40 ms per round.
    boost::system::error_code ignored;
    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    std::string address = remote.address().to_string();
    const auto id = nextSessionId_++;
    std::optional<ErrorCode> rejection;
    auto session = std::make_shared<GameSession>(std::move(socket), *this, id, address);
    {
        std::lock_guard lock(mutex_);
        auto& fromAddress = perAddress_[address];
        if (stopped_) {
            rejection = ErrorCode::ShuttingDown;
        } else if (sessions_.size() >= limits_.maxConnections ||
                   fromAddress >= limits_.maxConnectionsPerAddress) {
            rejection = ErrorCode::ServerFull;
        }
        // Refused sessions are counted too until they close: a refusal still holds a socket.
        ++fromAddress;
        sessions_[id] = session;
    }
    metrics_.tcpConnections.add(1);
    if (rejection)
        logger_->warn("Game server: refused {} ({}; limits {} per node, {} per address)", address,
                      toString(*rejection), limits_.maxConnections, limits_.maxConnectionsPerAddress);
    session->start(rejection);
}

GameServer::PlayerTicket GameServer::registerPlayer(std::uint64_t sessionId) {
    std::uint64_t key = 0;
    {
        std::lock_guard lock(mutex_);
        do {
            key = (static_cast<std::uint64_t>(random_()) << 32) | random_();
        } while (key == 0 || positions_.contains(key));
        ++players_;
    }
    const auto playerId = nextPlayerId_++;
    positions_.add(key, playerId);
    metrics_.playersOnline.add(1);
    logger_->debug("Game server: session {} is player {}", sessionId, playerId);
    return {playerId, key};
}

NameRegistry::Claim GameServer::claimGuestName(std::uint64_t sessionId, std::string_view name) {
    std::lock_guard lock(mutex_);
    return names_.claimGuest(sessionId, name);
}

void GameServer::claimAccountName(std::uint64_t sessionId, std::string_view name) {
    std::lock_guard lock(mutex_);
    names_.claimAccount(sessionId, name);
}

void GameServer::setArea(std::uint64_t sessionId, std::optional<SubscribedArea> area) {
    std::lock_guard lock(mutex_);
    if (area)
        areas_.set(sessionId, *area);
    else
        areas_.erase(sessionId);
}

void GameServer::sessionEnded(std::uint64_t sessionId, std::optional<std::uint64_t> udpKey) {
    {
        std::lock_guard lock(mutex_);
        areas_.erase(sessionId);
        names_.release(sessionId);
        if (udpKey) --players_;
    }
    if (udpKey) {
        positions_.remove(
            *udpKey);  // its POSITIONs are stale from now on, and it leaves the others' POSITIONS
        metrics_.playersOnline.add(-1);
    }
}

void GameServer::connectionClosed(std::uint64_t sessionId, const std::string& address) {
    {
        std::lock_guard lock(mutex_);
        sessions_.erase(sessionId);
        if (auto it = perAddress_.find(address); it != perAddress_.end() && --it->second == 0)
            perAddress_.erase(it);
    }
    metrics_.tcpConnections.add(-1);
}

void GameServer::onApplied(const std::vector<codec::BlockChange>& changes) {
    std::vector<std::pair<std::shared_ptr<GameSession>, std::vector<codec::BlockChange>>> routed;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, inside] : areas_.route(changes)) {
            const auto it = sessions_.find(id);
            if (it == sessions_.end()) continue;
            if (auto session = it->second.lock()) routed.emplace_back(std::move(session), std::move(inside));
        }
    }
    for (auto& [session, inside] : routed) session->deliverUpdates(std::move(inside));
}

void GameServer::onChat(const sync::ChatMessage& message) {
    const auto frame = std::make_shared<const std::vector<std::uint8_t>>(encodeFrame(
        ServerMessage{ChatMessage{message.origin, message.from, message.text, message.sentAtMs}}));
    std::vector<std::shared_ptr<GameSession>> open;
    {
        std::lock_guard lock(mutex_);
        open.reserve(sessions_.size());
        for (auto& [id, weak] : sessions_)
            if (auto s = weak.lock()) open.push_back(std::move(s));
    }
    for (auto& s : open) s->deliverChat(frame);
}

std::size_t GameServer::playersOnline() const {
    std::lock_guard lock(mutex_);
    return players_;
}

std::size_t GameServer::connections() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void GameServer::countFrame(std::uint8_t type) {
    countFrameName(frameTypeName(type));
}

void GameServer::countFrameName(const char* name) {
    if (const auto it = frameCounters_.find(name); it != frameCounters_.end()) it->second->inc();
}

void GameServer::onDatagram(std::span<const std::byte> datagram, const asio::ip::udp::endpoint& from) {
    const auto bytes = std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(datagram.data()),
                                                     datagram.size());
    if (const auto update = decodePosition(bytes)) return onPosition(*update, from);
    if (const auto verify = decodeVerify(bytes)) return onVerify(*verify, from);
    rejectDatagram(from, "malformed");
}

void GameServer::onPosition(const PositionUpdate& update, const asio::ip::udp::endpoint& from) {
    const auto outcome = positions_.update(update, from, now());
    if (outcome.verdict != PositionTracker::Verdict::Accepted &&
        outcome.verdict != PositionTracker::Verdict::OldSequence)
        return rejectDatagram(from, rejectionReason(outcome.verdict));
    countFrameName(outcome.fromVerifiedEndpoint ? kUdpPositionLabel : kUdpUnverifiedLabel);
    // The only datagram an unverified endpoint ever gets, smaller than the POSITION that asked for it.
    if (outcome.challenge && udp_) {
        const auto bytes = encodeChallenge({outcome.challenge->nonce});
        udp_->sendTo(std::as_bytes(std::span(bytes)), outcome.challenge->to);
    }
}

void GameServer::onVerify(const UdpVerify& verify, const asio::ip::udp::endpoint& from) {
    const auto verdict = positions_.verify(verify, from);
    if (verdict != PositionTracker::Verdict::Accepted) return rejectDatagram(from, rejectionReason(verdict));
    countFrameName(kUdpVerifyLabel);
    logger_->debug("Game UDP: {}:{} verified", from.address().to_string(), from.port());
}

void GameServer::rejectDatagram(const asio::ip::udp::endpoint& from, const char* reason) {
    countFrameName(kUdpRejectedLabel);
    metrics_.protocolErrors.inc();
    logger_->debug("Game UDP: dropped a datagram from {}:{} ({})", from.address().to_string(), from.port(),
                   reason);
}

void GameServer::scheduleTick() {
    const auto period = std::chrono::duration<double>(1.0 / limits_.positionHz);
    std::lock_guard lock(tickMutex_);
    if (tickStopped_) return;
    tickTimer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(period));
    tickTimer_.async_wait([this](boost::system::error_code error) {
        if (error) return;  // stop()
        tick();
        scheduleTick();
    });
}

void GameServer::tick() {
    ++tick_;
    positions_.forEachNearby(limits_.nearbyRadius, [this](const asio::ip::udp::endpoint& to,
                                                          const std::vector<PlayerPosition>& nearby) {
        if (nearby.empty()) return;  // nothing to tell; saves a datagram per lone player
        const auto bytes = encodePositions({tick_, nearby});
        udp_->sendTo(std::as_bytes(std::span(bytes)), to);
    });
}

}  // namespace mmo::game
