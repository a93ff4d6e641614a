#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>

#include "node/sync/SyncClock.hpp"
#include "node/sync/Worker.hpp"

namespace mmo::test {

// A SyncClock that moves only when the test says so. advance() wakes every Worker on this clock; settle()
// waits until each of them has looked at the new time and found nothing more to do, so a test can assert
// what happened "by" a clock time without sleeping.
class ManualSyncClock final : public sync::SyncClock {
  public:
    time_point now() const override { return time_point(std::chrono::nanoseconds(nanos_.load())); }
    bool manual() const override { return true; }
    void attach(sync::Worker& worker) override {
        std::lock_guard lock(mutex_);
        workers_.insert(&worker);
    }
    void detach(sync::Worker& worker) override {
        std::lock_guard lock(mutex_);
        workers_.erase(&worker);
    }

    void advance(duration by) {
        nanos_ += std::chrono::duration_cast<std::chrono::nanoseconds>(by).count();
        std::lock_guard lock(mutex_);
        for (auto* worker : workers_) worker->wakeForTime();
    }
    // True when every started Worker is idle at now() (bounded by `limit` of real time per Worker).
    bool settle(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
        std::lock_guard lock(mutex_);
        for (auto* worker : workers_)
            if (!worker->awaitIdleAt(now(), limit)) return false;
        return true;
    }
    // advance() then settle().
    bool advanceAndSettle(duration by) {
        advance(by);
        return settle();
    }

  private:
    std::atomic<std::int64_t> nanos_{1'000'000'000'000};  // 1000 s after the epoch of steady_clock
    std::mutex mutex_;
    std::set<sync::Worker*> workers_;
};

}  // namespace mmo::test
