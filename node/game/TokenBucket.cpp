#include "node/game/TokenBucket.hpp"

#include <algorithm>

namespace mmo::game {

TokenBucket::TokenBucket(double rate, double burst, TimePoint now)
    : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

void TokenBucket::refill(TimePoint now) {
    if (now <= last_) return;  // time never runs backwards for the bucket
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
}

bool TokenBucket::tryTake(TimePoint now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

double TokenBucket::available(TimePoint now) {
    refill(now);
    return tokens_;
}

void TokenBucket::take(double tokens, TimePoint now) {
    refill(now);
    tokens_ = std::max(0.0, tokens_ - tokens);
}

}  // namespace mmo::game
