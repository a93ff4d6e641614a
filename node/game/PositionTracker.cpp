#include "node/game/PositionTracker.hpp"

#include <cmath>
#include <map>

namespace mmo::game {

PositionTracker::PositionTracker(std::chrono::steady_clock::duration challengeInterval)
    : challengeInterval_(challengeInterval) {}

void PositionTracker::add(std::uint64_t key, std::uint64_t playerId) {
    std::lock_guard lock(mutex_);
    Entry entry;
    entry.playerId = playerId;
    entries_[key] = entry;
    stale_.erase(key);
}

void PositionTracker::remove(std::uint64_t key) {
    std::lock_guard lock(mutex_);
    if (entries_.erase(key) == 0) return;
    if (stale_.insert(key).second) staleOrder_.push_back(key);
    if (staleOrder_.size() > kStaleKeys) {
        stale_.erase(staleOrder_.front());
        staleOrder_.pop_front();
    }
}

bool PositionTracker::contains(std::uint64_t key) const {
    std::lock_guard lock(mutex_);
    return entries_.count(key) != 0 || stale_.count(key) != 0;
}

PositionTracker::Verdict PositionTracker::missing(std::uint64_t key) const {
    return stale_.count(key) ? Verdict::StaleKey : Verdict::UnknownKey;
}

std::uint64_t PositionTracker::drawNonce() {
    std::uint64_t nonce = 0;
    while (nonce == 0) nonce = (static_cast<std::uint64_t>(random_()) << 32) | random_();
    return nonce;
}

PositionTracker::PositionOutcome PositionTracker::update(const PositionUpdate& update,
                                                         const boost::asio::ip::udp::endpoint& from,
                                                         std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(update.key);
    if (it == entries_.end()) return {missing(update.key), false, std::nullopt};
    auto& e = it->second;
    PositionOutcome outcome{Verdict::Accepted, e.endpoint.isVerified(from), std::nullopt};
    // A new endpoint (first datagram, NAT rebinding, or a forged source address) gets nothing but a
    // challenge: positions go there only once it echoes the nonce.
    if (!outcome.fromVerifiedEndpoint)
        outcome.challenge =
            e.endpoint.onPosition(from, now, challengeInterval_, [this] { return drawNonce(); });
    // Sequence numbers wrap: "newer" is a forward distance under half the range.
    if (e.located && static_cast<std::int32_t>(update.seq - e.seq) <= 0) {
        outcome.verdict = Verdict::OldSequence;
        return outcome;
    }
    e.seq = update.seq;
    e.located = true;
    e.x = update.x;
    e.y = update.y;
    return outcome;
}

PositionTracker::Verdict PositionTracker::verify(const UdpVerify& verify,
                                                 const boost::asio::ip::udp::endpoint& from) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(verify.key);
    if (it == entries_.end()) return missing(verify.key);
    return it->second.endpoint.onVerify(from, verify.nonce) ? Verdict::Accepted : Verdict::WrongNonce;
}

std::size_t PositionTracker::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void PositionTracker::forEachNearby(
    double radius,
    const std::function<void(const boost::asio::ip::udp::endpoint&, const std::vector<PlayerPosition>&)>&
        send) const {
    std::vector<Entry> players;
    {
        std::lock_guard lock(mutex_);
        players.reserve(entries_.size());
        for (const auto& [key, e] : entries_)
            if (e.located) players.push_back(e);  // the unverified too: the others see them
    }
    // A grid of radius-sized cells: only the 3x3 cells around a player can hold its neighbours.
    const auto cellOf = [radius](float v) { return static_cast<std::int64_t>(std::floor(v / radius)); };
    // Nearby is the Euclidean distance, edge included, computed in double precision from the f32
    // coordinates as they were sent (docs/protocol.md, "UDP"): what a client computes gets the same answer.
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>> grid;
    for (std::size_t i = 0; i < players.size(); ++i)
        grid[{cellOf(players[i].x), cellOf(players[i].y)}].push_back(i);
    const double r2 = radius * radius;
    std::vector<PlayerPosition> nearby;
    for (const auto& self : players) {
        const auto& to = self.endpoint.verified();
        if (!to) continue;  // never send to an endpoint that has not echoed a challenge
        nearby.clear();
        const auto cx = cellOf(self.x), cy = cellOf(self.y);
        for (std::int64_t dx = -1; dx <= 1 && nearby.size() < kMaxPositionsPerDatagram; ++dx) {
            for (std::int64_t dy = -1; dy <= 1 && nearby.size() < kMaxPositionsPerDatagram; ++dy) {
                const auto cell = grid.find({cx + dx, cy + dy});
                if (cell == grid.end()) continue;
                for (const auto i : cell->second) {
                    const auto& other = players[i];
                    if (other.playerId == self.playerId) continue;
                    const double ddx = double{other.x} - double{self.x};
                    const double ddy = double{other.y} - double{self.y};
                    if (ddx * ddx + ddy * ddy > r2) continue;
                    nearby.push_back({other.playerId, other.x, other.y});
                    if (nearby.size() == kMaxPositionsPerDatagram) break;
                }
            }
        }
        send(*to, nearby);
    }
}

}  // namespace mmo::game
