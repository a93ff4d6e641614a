#pragma once

#include <chrono>

namespace mmo::game {

// A token bucket with injected time: `rate` tokens per second up to `burst`. Starts full. Not
// thread-safe (each session owns its buckets and uses them on its strand).
class TokenBucket {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;

    TokenBucket(double rate, double burst, TimePoint now);

    // Takes one token if there is one at `now`; false (nothing taken) otherwise.
    bool tryTake(TimePoint now);
    // Tokens available at `now` (refills first).
    double available(TimePoint now);
    // Takes `tokens` at `now`, at most what is there (the bucket never goes below empty).
    void take(double tokens, TimePoint now);

  private:
    void refill(TimePoint now);

    double rate_;
    double burst_;
    double tokens_;
    TimePoint last_;
};

}  // namespace mmo::game
