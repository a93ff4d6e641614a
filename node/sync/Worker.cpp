#include "node/sync/Worker.hpp"

namespace mmo::sync {

Worker::Worker(std::string name, SyncClock& clock) : name_(std::move(name)), clock_(clock) {
    clock_.attach(*this);
}

Worker::~Worker() {
    stop();
    clock_.detach(*this);
}

void Worker::start(std::function<void()> body) {
    thread_ = std::jthread([this, body = std::move(body)] {
        body();
        std::lock_guard lock(mutex_);
        finished_ = true;
        idleAt_.reset();
        idle_.notify_all();
    });
}

void Worker::stop(const std::function<void()>& alsoUnderLock) {
    {
        // Under the lock: a body between its readiness check and its wait cannot miss the request.
        std::lock_guard lock(mutex_);
        stop_.request_stop();
        if (alsoUnderLock) alsoUnderLock();
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Worker::wakeForTime() {
    {
        // Taking the lock orders this after a body's check of the old time, so the wake-up is not lost.
        std::lock_guard lock(mutex_);
    }
    wake_.notify_all();
}

bool Worker::awaitIdleAt(SyncClock::time_point at, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, limit, [&] {
        return !thread_.joinable() || finished_ || (idleAt_ && *idleAt_ >= at && idleWakes_ == wakes_.load());
    });
}

}  // namespace mmo::sync
