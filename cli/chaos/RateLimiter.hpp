#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace mmo::cli::chaos {

// A token bucket shared by every connection of one region link in one direction: `rate` bytes per
// second, a burst of 20 ms worth. A reservation larger than what the bucket holds goes into debt and is
// told when it may go, so reservations are served in the order they were made and the long-run rate
// never exceeds the limit. Time comes in as arguments (tests use a fake clock). Not thread-safe: the
// proxy runs on one thread.
class RateLimiter {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    // bitsPerSecond 0: unlimited.
    RateLimiter(std::uint64_t bitsPerSecond, TimePoint now);

    // Changes the rate from `now` on (debt already taken is kept; a full bucket is capped at the new burst).
    void setRate(std::uint64_t bitsPerSecond, TimePoint now);

    bool unlimited() const { return bytesPerSecond_ <= 0; }

    // The most a caller should reserve and write at once (the burst: 20 ms worth, 1 byte to 64 KiB);
    // SIZE_MAX when unlimited, so data goes out in the chunks it came in.
    std::size_t quantum() const;

    // Takes `bytes` tokens and returns when they may be sent: `now` when the bucket had them, else the time
    // the debt is paid off.
    TimePoint reserve(std::size_t bytes, TimePoint now);

  private:
    void refill(TimePoint now);

    double bytesPerSecond_ = 0;
    double burst_ = 0;
    double tokens_ = 0;  // negative: debt
    TimePoint last_;
};

}  // namespace mmo::cli::chaos
