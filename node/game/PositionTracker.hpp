#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/gameproto/UdpCodec.hpp"
#include "node/game/EndpointVerification.hpp"

namespace mmo::game {

// The UDP side of the players: session keys, the verified endpoint of each (EndpointVerification), and
// positions. Thread-safe (TCP sessions add and remove keys on their strands, datagrams arrive on the I/O
// thread).
class PositionTracker {
  public:
    enum class Verdict {
        Accepted,
        UnknownKey,   // never issued (or forgotten long ago): a wrong key
        StaleKey,     // issued to a session that has ended
        OldSequence,  // reordered or repeated datagram: ignored, not an error
        WrongNonce,   // a VERIFY that echoes no challenge sent to its endpoint
    };
    struct PositionOutcome {
        Verdict verdict = Verdict::UnknownKey;
        bool fromVerifiedEndpoint = false;
        std::optional<EndpointVerification::Challenge> challenge;  // to send now
    };

    // At most one CHALLENGE per session per `challengeInterval`.
    explicit PositionTracker(std::chrono::steady_clock::duration challengeInterval);
    // How many ended keys are remembered as stale.
    static constexpr std::size_t kStaleKeys = 4096;

    // A session completed its handshake with this key.
    void add(std::uint64_t key, std::uint64_t playerId);
    // The session ended: its key becomes stale.
    void remove(std::uint64_t key);
    // True when the key is in use (handshakes draw again on a collision).
    bool contains(std::uint64_t key) const;
    // Records a position datagram from `from` (the position counts from any endpoint: the key is what
    // identifies the player); when `from` is not the verified endpoint, maybe a challenge to send there.
    PositionOutcome update(const PositionUpdate& update, const boost::asio::ip::udp::endpoint& from,
                           std::chrono::steady_clock::time_point now);
    // Records a VERIFY from `from`: Accepted when `from` is now the session's verified endpoint.
    Verdict verify(const UdpVerify& verify, const boost::asio::ip::udp::endpoint& from);
    // Calls `send` for every player that has sent a position and has a verified endpoint, with up to
    // kMaxPositionsPerDatagram other players within `radius` (Euclidean distance, edge included); players
    // without a verified endpoint are seen by the others but get nothing. Computed on a copy, outside the
    // lock.
    void forEachNearby(double radius,
                       const std::function<void(const boost::asio::ip::udp::endpoint&,
                                                const std::vector<PlayerPosition>&)>& send) const;
    std::size_t size() const;

  private:
    struct Entry {
        std::uint64_t playerId = 0;
        std::uint32_t seq = 0;
        bool located = false;
        float x = 0;
        float y = 0;
        EndpointVerification endpoint;
    };

    // A key or nonce's verdict when it belongs to no live session; under the lock.
    Verdict missing(std::uint64_t key) const;
    std::uint64_t drawNonce();  // never 0; under the lock

    const std::chrono::steady_clock::duration challengeInterval_;
    mutable std::mutex mutex_;
    std::random_device random_;  // challenge nonces: unpredictable, not a seeded PRNG
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::unordered_set<std::uint64_t> stale_;
    std::deque<std::uint64_t> staleOrder_;
};

}  // namespace mmo::game
