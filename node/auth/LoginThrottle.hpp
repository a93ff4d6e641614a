#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mmo::auth {

// Per-address login throttling: `maxFailures` failures within `window` lock the address out for
// `lockout`. Memory is bounded: at most `maxAddresses` addresses are tracked, the least recently seen
// is forgotten first. Time comes from the caller. Thread-safe.
class LoginThrottle {
  public:
    using TimePoint = std::chrono::system_clock::time_point;

    // The answer of check(): allowed, or locked out for `retry_after` more seconds (>= 1).
    struct Decision {
        bool allowed = true;
        std::chrono::seconds retry_after{0};
    };

    // Throws std::invalid_argument when maxFailures or maxAddresses is 0.
    LoginThrottle(unsigned maxFailures, std::chrono::seconds window, std::chrono::seconds lockout,
                  std::size_t maxAddresses);

    // Whether `address` may try to log in at `now`.
    Decision check(const std::string& address, TimePoint now);
    // Counts a failed login of `address`; the failure that reaches the limit starts the lockout.
    void recordFailure(const std::string& address, TimePoint now);
    // Forgets the failures of `address` (a successful login).
    void recordSuccess(const std::string& address);
    // Number of addresses currently tracked (for tests and metrics).
    std::size_t trackedAddresses() const;

  private:
    struct Entry {
        std::string address;
        std::deque<TimePoint> failures;  // inside the window, oldest first, at most maxFailures_
        TimePoint lockedUntil{};
    };
    using Lru = std::list<Entry>;  // most recently seen first

    void dropOldFailures(Entry& entry, TimePoint now) const;

    const unsigned maxFailures_;
    const std::chrono::seconds window_;
    const std::chrono::seconds lockout_;
    const std::size_t maxAddresses_;

    mutable std::mutex mutex_;
    Lru lru_;
    std::unordered_map<std::string_view, Lru::iterator> index_;  // keys view Entry::address
};

}  // namespace mmo::auth
