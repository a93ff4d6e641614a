#include "node/api/BoundedWorkPool.hpp"

namespace mmo::api {

BoundedWorkPool::BoundedWorkPool(std::size_t threads, std::size_t maxJobs, std::size_t maxJobsPerKey)
    : maxJobs_(maxJobs), maxJobsPerKey_(maxJobsPerKey == 0 ? maxJobs : maxJobsPerKey), inline_(threads == 0) {
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

BoundedWorkPool::~BoundedWorkPool() {
    join();
}

BoundedWorkPool::PostResult BoundedWorkPool::tryPost(const std::string& key, std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return PostResult::Stopped;
        if (jobs_ >= maxJobs_) return PostResult::Full;
        KeyState& state = keys_[key];
        if (state.jobs >= maxJobsPerKey_) return PostResult::KeyFull;
        ++jobs_;
        ++state.jobs;
        if (!inline_) {
            if (state.queued.empty()) turns_.push_back(key);
            state.queued.push_back(std::move(job));
            wake_.notify_one();
            return PostResult::Queued;
        }
    }
    struct Release {
        BoundedWorkPool& pool;
        const std::string& key;
        ~Release() { pool.finished(key); }
    } release{*this, key};
    job();  // jobs catch their own errors
    return PostResult::Queued;
}

void BoundedWorkPool::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !turns_.empty(); });
        if (turns_.empty()) return;  // stopping, and nothing is left to run
        std::string key = std::move(turns_.front());
        turns_.pop_front();
        KeyState& state = keys_.at(key);
        std::function<void()> job = std::move(state.queued.front());
        state.queued.pop_front();
        if (!state.queued.empty()) turns_.push_back(key);  // its next job waits for the other keys' turns
        lock.unlock();
        job();  // jobs catch their own errors: an exception here would end the worker thread
        job = nullptr;
        finished(key);
        lock.lock();
    }
}

void BoundedWorkPool::finished(const std::string& key) {
    std::lock_guard lock(mutex_);
    --jobs_;
    auto found = keys_.find(key);
    if (found != keys_.end() && --found->second.jobs == 0) keys_.erase(found);  // memory follows the load
}

void BoundedWorkPool::join() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
}

}  // namespace mmo::api
