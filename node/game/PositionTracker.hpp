#pragma once

#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/gameproto/UdpCodec.hpp"

namespace mmo::game {

// The UDP side of the players: session keys, the endpoint each key last sent from, and positions.
// Thread-safe (TCP sessions add and remove keys on their strands, datagrams arrive on the I/O thread).
class PositionTracker {
  public:
    enum class Verdict {
        Accepted,
        UnknownKey,   // never issued (or forgotten long ago): a wrong key
        StaleKey,     // issued to a session that has ended
        OldSequence,  // reordered or repeated datagram: ignored, not an error
    };
    // How many ended keys are remembered as stale.
    static constexpr std::size_t kStaleKeys = 4096;

    // A session completed its handshake with this key.
    void add(std::uint64_t key, std::uint64_t playerId);
    // The session ended: its key becomes stale.
    void remove(std::uint64_t key);
    // True when the key is in use (handshakes draw again on a collision).
    bool contains(std::uint64_t key) const;
    // Records a position datagram from `from`.
    Verdict update(const PositionUpdate& update, const boost::asio::ip::udp::endpoint& from);
    // Calls `send` for every player that has sent a position, with up to kMaxPositionsPerDatagram other
    // players within `radius` (nearest grid cells first). Computed on a copy, outside the lock.
    void forEachNearby(float radius,
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
        boost::asio::ip::udp::endpoint endpoint;
    };

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Entry> entries_;
    std::unordered_set<std::uint64_t> stale_;
    std::deque<std::uint64_t> staleOrder_;
};

}  // namespace mmo::game
