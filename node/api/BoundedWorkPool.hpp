#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mmo::api {

// A few worker threads for slow, blocking work that must stay off the I/O thread (argon2id logins), with
// a cap on the jobs queued or running, in all and per key (the client address), so that a burst of
// requests can pile up neither memory nor latency without bound. The workers take the keys in turn
// (round robin), not the jobs in arrival order: a key with jobs waiting delays another key's job by at
// most one job, however many it queued. Joined on destruction.
class BoundedWorkPool {
  public:
    enum class PostResult {
        Queued,
        Full,     // maxJobs are queued or running
        KeyFull,  // maxJobsPerKey of this key are queued or running
        Stopped,  // after join()
    };

    // threads == 0 runs each job on the caller's thread, inside tryPost (the HTTP fuzzer: no timing in
    // what it observes). maxJobsPerKey defaults to maxJobs (no per-key cap).
    BoundedWorkPool(std::size_t threads, std::size_t maxJobs, std::size_t maxJobsPerKey = 0);
    ~BoundedWorkPool();
    BoundedWorkPool(const BoundedWorkPool&) = delete;
    BoundedWorkPool& operator=(const BoundedWorkPool&) = delete;

    // Queues `job` under `key`; anything but Queued drops `job`.
    PostResult tryPost(const std::string& key, std::function<void()> job);
    // Queues `job` under one shared key; false when it was not queued.
    bool tryPost(std::function<void()> job) { return tryPost("", std::move(job)) == PostResult::Queued; }

    // Runs the queued jobs to their end and stops the threads; idempotent.
    void join();

  private:
    struct KeyState {
        std::deque<std::function<void()>> queued;
        std::size_t jobs = 0;  // queued or running
    };

    void work();
    void finished(const std::string& key);

    const std::size_t maxJobs_;
    const std::size_t maxJobsPerKey_;
    const bool inline_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, KeyState> keys_;
    std::deque<std::string> turns_;  // keys with queued jobs, in the order the workers serve them
    std::size_t jobs_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;  // last: started once everything above exists
};

}  // namespace mmo::api
