#include "node/auth/LoginThrottle.hpp"

#include <algorithm>
#include <stdexcept>

namespace mmo::auth {

LoginThrottle::LoginThrottle(unsigned maxFailures, std::chrono::seconds window, std::chrono::seconds lockout,
                             std::size_t maxAddresses)
    : maxFailures_(maxFailures), window_(window), lockout_(lockout), maxAddresses_(maxAddresses) {
    if (maxFailures_ == 0) throw std::invalid_argument("login throttle: max failures must be at least 1");
    if (maxAddresses_ == 0) throw std::invalid_argument("login throttle: max addresses must be at least 1");
}

void LoginThrottle::dropOldFailures(Entry& entry, TimePoint now) const {
    while (!entry.failures.empty() && entry.failures.front() + window_ <= now) entry.failures.pop_front();
}

LoginThrottle::Decision LoginThrottle::check(const std::string& address, TimePoint now) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(address);
    if (found == index_.end()) return {};
    Entry& entry = *found->second;
    if (now < entry.lockedUntil) {
        // Round up, so a client that waits retry_after seconds is let in.
        auto left = std::chrono::ceil<std::chrono::seconds>(entry.lockedUntil - now);
        return {false, std::max(left, std::chrono::seconds{1})};
    }
    return {};
}

void LoginThrottle::recordFailure(const std::string& address, TimePoint now) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(address);
    if (found != index_.end()) {
        lru_.splice(lru_.begin(), lru_, found->second);  // iterators stay valid
    } else {
        if (lru_.size() >= maxAddresses_) {
            index_.erase(lru_.back().address);
            lru_.pop_back();
        }
        lru_.push_front(Entry{address, {}, {}});
        index_.emplace(lru_.front().address, lru_.begin());
    }
    Entry& entry = lru_.front();
    if (now < entry.lockedUntil) return;  // already locked: the lockout is not extended
    dropOldFailures(entry, now);
    entry.failures.push_back(now);
    if (entry.failures.size() >= maxFailures_) {
        entry.lockedUntil = now + lockout_;
        entry.failures.clear();
    }
}

void LoginThrottle::recordSuccess(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(address);
    if (found == index_.end()) return;
    Lru::iterator entry = found->second;
    index_.erase(found);
    lru_.erase(entry);
}

std::size_t LoginThrottle::trackedAddresses() const {
    std::lock_guard lock(mutex_);
    return lru_.size();
}

}  // namespace mmo::auth
