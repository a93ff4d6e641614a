#pragma once

#include <algorithm>
#include <chrono>
#include <optional>

#include "node/sync/SyncClock.hpp"

namespace mmo::sync {

// When a node that failed over to another server moves back to its home server (the first of eventbus.url):
// once the home server has answered every probe for `healthyFor` (any failed probe starts the count again).
// Against a flapping server: when the node has to leave home less than kFlapWindow after it came back, the
// time required for the next return doubles (up to 8 x healthyFor); leaving after a calm kFlapWindow (or
// for the first time) starts again from healthyFor. Pure logic, driven by its caller's
// clock (BusLink's home-return thread).
class HomeReturnPolicy {
  public:
    static constexpr auto kFlapWindow = std::chrono::minutes(5);
    static constexpr int kMaxDoublings = 3;

    explicit HomeReturnPolicy(SyncClock::duration healthyFor) : healthyFor_(healthyFor) {}

    // How often the home server is probed while the node is away: a quarter of healthyFor, 250 ms to 5 s.
    SyncClock::duration checkInterval() const {
        return std::clamp<SyncClock::duration>(healthyFor_ / 4, std::chrono::milliseconds(250),
                                               std::chrono::seconds(5));
    }
    // How long the home server must have been healthy now.
    SyncClock::duration required() const { return healthyFor_ * (1 << doublings_); }

    // A probe's result while away. True: move home now.
    bool observe(bool healthy, SyncClock::time_point now) {
        if (!healthy) {
            healthySince_.reset();
            return false;
        }
        if (!healthySince_) healthySince_ = now;
        return now - *healthySince_ >= required();
    }
    // Whether the last probes were healthy (a streak is running).
    bool healthyStreak() const { return healthySince_.has_value(); }
    // Not away (on the home server, or disconnected): a later absence starts a new count.
    void atHomeOrDown() { healthySince_.reset(); }
    // The node is on another server at `now` (called at every check while away; the first call of an
    // absence decides whether it is a flap).
    void away(SyncClock::time_point now) {
        if (absenceCounted_) return;
        absenceCounted_ = true;
        if (lastReturn_ && now - *lastReturn_ < kFlapWindow)
            doublings_ = std::min(doublings_ + 1, kMaxDoublings);
        else
            doublings_ = 0;
    }
    // The node moved home at `now`.
    void returned(SyncClock::time_point now) {
        lastReturn_ = now;
        absenceCounted_ = false;
        healthySince_.reset();
    }

  private:
    SyncClock::duration healthyFor_;
    std::optional<SyncClock::time_point> healthySince_;
    std::optional<SyncClock::time_point> lastReturn_;
    int doublings_ = 0;
    bool absenceCounted_ = false;
};

}  // namespace mmo::sync
