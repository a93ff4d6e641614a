#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <functional>

namespace mmo::api {

// A few worker threads for slow, blocking work that must stay off the I/O thread (argon2id logins), with
// a cap on the jobs queued or running, so a burst of requests cannot pile up memory or latency without
// bound. Joined on destruction.
class BoundedWorkPool {
  public:
    // threads == 0 runs each job on the caller's thread, inside tryPost (the HTTP fuzzer: no timing in
    // what it observes).
    BoundedWorkPool(std::size_t threads, std::size_t maxJobs);
    ~BoundedWorkPool();
    BoundedWorkPool(const BoundedWorkPool&) = delete;
    BoundedWorkPool& operator=(const BoundedWorkPool&) = delete;

    // Queues `job`; false (and `job` dropped) when maxJobs are already queued or running, or after join().
    bool tryPost(std::function<void()> job);

    // Runs the queued jobs to their end and stops the threads; idempotent.
    void join();

  private:
    boost::asio::thread_pool pool_;  // no thread when threads_ == 0
    std::size_t threads_;
    std::size_t maxJobs_;
    std::atomic<std::size_t> jobs_{0};
    std::atomic<bool> joined_{false};
};

}  // namespace mmo::api
