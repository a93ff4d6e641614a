#include "node/game/EndpointVerification.hpp"

namespace mmo::game {

std::optional<EndpointVerification::Challenge> EndpointVerification::onPosition(
    const Endpoint& from, TimePoint now, Duration interval, const std::function<std::uint64_t()>& drawNonce) {
    if (isVerified(from)) return std::nullopt;
    if (lastChallenge_ && now - *lastChallenge_ < interval) return std::nullopt;
    if (!challenged_ || *challenged_ != from) {
        challenged_ = from;
        challengeNonce_ = drawNonce();
    }
    lastChallenge_ = now;
    return Challenge{from, challengeNonce_};
}

bool EndpointVerification::onVerify(const Endpoint& from, std::uint64_t nonce) {
    if (challenged_ && *challenged_ == from && nonce == challengeNonce_) {
        verified_ = from;
        verifiedNonce_ = nonce;
        challenged_.reset();
        return true;
    }
    return isVerified(from) && nonce == verifiedNonce_;
}

}  // namespace mmo::game
