#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/codec/BlockChange.hpp"
#include "node/game/AreaIndex.hpp"
#include "node/game/GameBackend.hpp"
#include "node/game/GameLimits.hpp"
#include "node/game/GameUdpEndpoint.hpp"
#include "node/game/PlayerNames.hpp"
#include "node/game/PositionTracker.hpp"
#include "node/game/SubscribedArea.hpp"
#include "node/metrics/GameMetrics.hpp"
#include "node/sync/ChatChannel.hpp"

namespace mmo::game {

class GameSession;

// The region's game server: owns the TCP sessions (one GameSession per connection, each on its own
// strand), admits connections within the limits, fans applied block changes and chat out to sessions,
// and runs the UDP positions (PositionTracker + a timer at limits.positionHz).
//
// Threading: the io_context behind `executor` may run on any number of threads (server.io_threads).
// Sessions run on strands of their own; onApplied and onChat may be called from any thread (the sync,
// consumer and NATS threads) and only post to session strands; the registry is guarded by mutex_. The UDP
// endpoint hands over one datagram at a time; PositionTracker and the endpoint's sends are thread-safe, so
// the position timer (its own chain, guarded by tickMutex_ against stop()) may tick on another thread
// meanwhile. stop() may be called from any thread. The server must outlive the io_context's last handler.
class GameServer {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    // `udp` (may be null: no UDP) sends the positions; the caller routes its datagrams to onDatagram.
    GameServer(
        boost::asio::any_io_executor executor, GameUdpEndpoint* udp, GameBackend backend, GameLimits limits,
        metrics::GameMetrics& metrics, std::shared_ptr<spdlog::logger> logger,
        Clock clock = [] { return std::chrono::steady_clock::now(); });
    ~GameServer();
    GameServer(const GameServer&) = delete;
    GameServer& operator=(const GameServer&) = delete;

    // Starts the position timer.
    void start();
    // Says goodbye to every session and closes it; stops the position timer; new connections are refused.
    void stop();
    // GameTcpListener's connection handler: admits the socket or refuses it with a server_full error.
    void accept(boost::asio::ip::tcp::socket socket);
    // GameUdpEndpoint's datagram handler.
    void onDatagram(std::span<const std::byte> datagram, const boost::asio::ip::udp::endpoint& from);
    // SyncService's applied observer: every change that took effect (any thread).
    void onApplied(const std::vector<codec::BlockChange>& changes);
    // The chat channel's listener (any thread).
    void onChat(const sync::ChatMessage& message);
    // Players past the handshake.
    std::size_t playersOnline() const;
    // Open TCP connections.
    std::size_t connections() const;

    // ---- used by GameSession ----
    struct PlayerTicket {
        std::uint64_t playerId;
        std::uint64_t udpKey;
    };
    const GameLimits& limits() const { return limits_; }
    const GameBackend& backend() const { return backend_; }
    spdlog::logger& logger() const { return *logger_; }
    std::chrono::steady_clock::time_point now() const { return clock_(); }
    PlayerTicket registerPlayer(std::uint64_t sessionId);
    // Takes a guest's bare name for the session (Taken), or says why it may not (an account's name, or
    // the name of a player logged in on this node; compared without case).
    NameRegistry::Claim claimGuestName(std::uint64_t sessionId, std::string_view name);
    // Records that the session plays under an account's name (a token player; never refused).
    void claimAccountName(std::uint64_t sessionId, std::string_view name);
    void setArea(std::uint64_t sessionId, std::optional<SubscribedArea> area);
    // The session ended (GOODBYE either way, a fatal error, the connection closing): the player is gone at
    // once for every purpose (its key stale, its name free, its area unrouted, no longer online) even
    // while the socket still flushes and lingers. Called once per session.
    void sessionEnded(std::uint64_t sessionId, std::optional<std::uint64_t> udpKey);
    // The socket is closed: the connection no longer counts against the limits.
    void connectionClosed(std::uint64_t sessionId, const std::string& address);
    void countFrame(std::uint8_t type);
    void countError() { metrics_.protocolErrors.inc(); }

  private:
    void countFrameName(const char* name);
    void onPosition(const PositionUpdate& update, const boost::asio::ip::udp::endpoint& from);
    void onVerify(const UdpVerify& verify, const boost::asio::ip::udp::endpoint& from);
    void rejectDatagram(const boost::asio::ip::udp::endpoint& from, const char* reason);
    void scheduleTick();
    void tick();

    boost::asio::any_io_executor executor_;
    GameUdpEndpoint* udp_;
    GameBackend backend_;
    GameLimits limits_;
    metrics::GameMetrics& metrics_;
    std::shared_ptr<spdlog::logger> logger_;
    Clock clock_;
    PositionTracker positions_;
    std::mutex tickMutex_;  // tickTimer_ and tickStopped_: the timer's chain against stop()
    boost::asio::steady_timer tickTimer_;
    bool tickStopped_ = false;
    std::uint32_t tick_ = 0;  // only the tick handler (one at a time) touches it
    std::atomic<std::uint64_t> nextSessionId_{1};
    std::atomic<std::uint64_t> nextPlayerId_{1};
    std::unordered_map<std::string, metrics::Counter*> frameCounters_;

    mutable std::mutex mutex_;
    bool stopped_ = false;
    std::unordered_map<std::uint64_t, std::weak_ptr<GameSession>> sessions_;
    AreaIndex areas_;  // who watches which cells: onApplied looks only at the areas a change's tile touches
    std::map<std::string, std::size_t> perAddress_;
    NameRegistry names_{backend_.accountNames};  // after backend_, which it reads
    std::size_t players_ = 0;
    std::random_device random_;  // session keys: unpredictable, not a seeded PRNG
};

}  // namespace mmo::game
