#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "node/sync/SyncClock.hpp"

namespace mmo::sync {

// One background thread of the sync (the manager, the publisher, the consumer, the bus link's retry, the
// snapshot loop): a std::jthread, the mutex that guards the owner's shared state, one wake-up, and a stop
// request. The owner's other threads change that state under mutex() and call notify(); the body waits with
// wait()/waitUntil(), which also end on a stop request. Timed waits run on the injected SyncClock.
//
// Lock order: a Worker's mutex is a leaf towards the clock (a manual clock takes its own lock, then each
// Worker's); owners document what they nest under it (docs/architecture.md, "Lock order").
class Worker {
  public:
    Worker(std::string name, SyncClock& clock);
    ~Worker();  // stop()
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Runs body on the thread. The body returns when stopRequested() (its waits return false then).
    void start(std::function<void()> body);
    // Asks the body to finish, wakes it and joins the thread. Idempotent; fine when never started.
    // alsoUnderLock runs with mutex() held, right after the request (e.g. to interrupt a blocking call the
    // body makes outside the lock).
    void stop(const std::function<void()>& alsoUnderLock = {});
    bool started() const { return thread_.joinable(); }

    std::mutex& mutex() const { return mutex_; }
    // Wakes the body's wait (with or without mutex() held).
    void notify() {
        ++wakes_;  // for a manual clock's settle(): the body has something new to look at
        wake_.notify_all();
    }
    // Thread-safe; true from the stop request on.
    bool stopRequested() const { return stop_.stop_requested(); }
    SyncClock& clock() const { return clock_; }
    const std::string& name() const { return name_; }

    // With `lock` (on mutex()) held: waits until ready() or a stop request. Returns false on a stop request.
    template <typename Ready>
    bool wait(std::unique_lock<std::mutex>& lock, Ready ready) {
        return waitUntil(lock, std::nullopt, ready);
    }
    // ... or until the clock reaches `deadline`. Returns false on a stop request.
    template <typename Ready>
    bool waitUntil(std::unique_lock<std::mutex>& lock, std::optional<SyncClock::time_point> deadline,
                   Ready ready) {
        const auto done = [&] { return stopRequested() || ready(); };
        if (clock_.manual()) {
            wake_.wait(lock, [&] {
                const auto wakes = wakes_.load();
                if (done() || (deadline && clock_.now() >= *deadline)) {
                    idleAt_.reset();
                    return true;
                }
                idleAt_ = clock_.now();  // blocked with nothing to do at this clock time ...
                idleWakes_ = wakes;      // ... having seen every notify() up to this one
                idle_.notify_all();
                return false;
            });
        } else if (deadline) {
            wake_.wait_until(lock, *deadline, done);
        } else {
            wake_.wait(lock, done);
        }
        return !stopRequested();
    }
    template <typename Ready>
    bool waitFor(std::unique_lock<std::mutex>& lock, SyncClock::duration timeout, Ready ready) {
        return waitUntil(lock, clock_.now() + timeout, ready);
    }

    // For a manual clock. wakeForTime: the clock moved (re-check deadlines). awaitIdleAt: waits, up to
    // `limit` of real time, until the body is blocked in a wait having found nothing to do at clock time `at`
    // or later; true when it is (or the body is not running).
    void wakeForTime();
    bool awaitIdleAt(SyncClock::time_point at, std::chrono::milliseconds limit);

  private:
    const std::string name_;
    SyncClock& clock_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::optional<SyncClock::time_point> idleAt_;  // manual clock only
    std::uint64_t idleWakes_ = 0;                  // manual clock only
    std::atomic<std::uint64_t> wakes_{0};
    bool finished_ = false;  // the body returned
    std::stop_source stop_;
    std::jthread thread_;
};

}  // namespace mmo::sync
