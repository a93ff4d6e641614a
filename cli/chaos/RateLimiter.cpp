#include "cli/chaos/RateLimiter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mmo::cli::chaos {

namespace {

constexpr double kBurstSeconds = 0.02;
constexpr double kMaxQuantum = 64.0 * 1024;

double burstFor(double bytesPerSecond) {
    return std::clamp(bytesPerSecond * kBurstSeconds, 1.0, kMaxQuantum);
}

}  // namespace

RateLimiter::RateLimiter(std::uint64_t bitsPerSecond, TimePoint now) : last_(now) {
    setRate(bitsPerSecond, now);
    tokens_ = burst_;
}

void RateLimiter::setRate(std::uint64_t bitsPerSecond, TimePoint now) {
    refill(now);
    bytesPerSecond_ = static_cast<double>(bitsPerSecond) / 8.0;
    burst_ = unlimited() ? 0 : burstFor(bytesPerSecond_);
    tokens_ = std::min(tokens_, burst_);
}

std::size_t RateLimiter::quantum() const {
    if (unlimited()) return std::numeric_limits<std::size_t>::max();
    return static_cast<std::size_t>(burst_);
}

void RateLimiter::refill(TimePoint now) {
    if (now > last_ && !unlimited()) {
        const double elapsed = std::chrono::duration<double>(now - last_).count();
        tokens_ = std::min(burst_, tokens_ + elapsed * bytesPerSecond_);
    }
    last_ = std::max(last_, now);
}

RateLimiter::TimePoint RateLimiter::reserve(std::size_t bytes, TimePoint now) {
    if (unlimited()) return now;
    refill(now);
    tokens_ -= static_cast<double>(bytes);
    if (tokens_ >= 0) return now;
    const double wait = -tokens_ / bytesPerSecond_;
    return now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                     std::chrono::duration<double>(wait));
}

}  // namespace mmo::cli::chaos
