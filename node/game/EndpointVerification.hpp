#pragma once

#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace mmo::game {

// The return-routability check of one session's UDP endpoint (docs/protocol.md, "Endpoint verification").
// The server sends POSITIONS only to the verified endpoint. A POSITION from any other endpoint may be
// answered with a CHALLENGE (a random nonce, in a datagram smaller than the POSITION), at most one per
// challenge interval for the whole session; that endpoint becomes the verified one when a VERIFY with the
// nonce comes back from it. Until then an earlier verified endpoint keeps getting the positions, so a
// datagram with a forged source address can never redirect them. Not thread-safe (PositionTracker locks).
class EndpointVerification {
  public:
    using Endpoint = boost::asio::ip::udp::endpoint;
    using TimePoint = std::chrono::steady_clock::time_point;
    using Duration = std::chrono::steady_clock::duration;

    struct Challenge {
        Endpoint to;
        std::uint64_t nonce = 0;
    };

    // A POSITION with the session's key came from `from`. Returns the challenge to send when `from` is not
    // the verified endpoint and the last challenge is at least `interval` old. The nonce stays the same
    // while the challenged endpoint does (a VERIFY of an earlier copy still counts); a new endpoint gets a
    // new nonce from `drawNonce`.
    std::optional<Challenge> onPosition(const Endpoint& from, TimePoint now, Duration interval,
                                        const std::function<std::uint64_t()>& drawNonce);
    // A VERIFY with the session's key came from `from`: true when it echoes the nonce of the challenge sent
    // to `from` (which becomes the verified endpoint), or repeats the one that verified it.
    bool onVerify(const Endpoint& from, std::uint64_t nonce);
    bool isVerified(const Endpoint& endpoint) const { return verified_ && *verified_ == endpoint; }
    const std::optional<Endpoint>& verified() const { return verified_; }

  private:
    std::optional<Endpoint> verified_;
    std::uint64_t verifiedNonce_ = 0;
    std::optional<Endpoint> challenged_;
    std::uint64_t challengeNonce_ = 0;
    std::optional<TimePoint> lastChallenge_;
};

}  // namespace mmo::game
