#pragma once

#include <chrono>

namespace mmo::sync {

class Worker;

// The time the sync threads run on: flush deadlines, publish timeouts, retry backoff and the snapshot
// interval are all read from it, and every timed wait of a Worker ends by it. SteadySyncClock is the real
// one; a test hands in a clock that only moves when told (tests/node/sync/ManualSyncClock.hpp), so batching,
// publish retry and reconnect are tested without waiting in real time.
class SyncClock {
  public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    virtual ~SyncClock() = default;
    virtual time_point now() const = 0;

    // True when time only moves by advance() calls: a Worker then waits for a wake-up instead of a
    // real-time deadline, and the clock wakes every attached Worker when it moves.
    virtual bool manual() const { return false; }
    // Called by each Worker for its lifetime (constructor and destructor, never with the Worker's lock held).
    virtual void attach(Worker&) {}
    virtual void detach(Worker&) {}
};

// std::chrono::steady_clock.
class SteadySyncClock final : public SyncClock {
  public:
    time_point now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace mmo::sync
