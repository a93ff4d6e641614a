#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

namespace mmo::net {

// At most one log line per interval for an event that can repeat thousands of times a second (a failed
// accept, a refused connection): the first occurrence is reported, later ones within the interval are
// only counted, and the next report says how many were left out.
class ReportThrottle {
  public:
    using Clock = std::chrono::steady_clock;

    explicit ReportThrottle(Clock::duration interval) : interval_(interval) {}

    // An occurrence at `now`: the number of occurrences left unreported since the last report when this
    // one is to be reported, nullopt when it is only counted.
    std::optional<std::size_t> occurred(Clock::time_point now) {
        if (lastReport_ && now - *lastReport_ < interval_) {
            ++unreported_;
            return std::nullopt;
        }
        lastReport_ = now;
        const auto left = unreported_;
        unreported_ = 0;
        return left;
    }

  private:
    Clock::duration interval_;
    std::optional<Clock::time_point> lastReport_;
    std::size_t unreported_ = 0;
};

}  // namespace mmo::net
