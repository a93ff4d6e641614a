#include "node/api/BoundedWorkPool.hpp"

#include <boost/asio/post.hpp>

namespace mmo::api {

BoundedWorkPool::BoundedWorkPool(std::size_t threads, std::size_t maxJobs)
    : pool_(threads), threads_(threads), maxJobs_(maxJobs) {}

BoundedWorkPool::~BoundedWorkPool() {
    join();
}

bool BoundedWorkPool::tryPost(std::function<void()> job) {
    if (joined_.load()) return false;
    if (jobs_.fetch_add(1) >= maxJobs_) {
        jobs_.fetch_sub(1);
        return false;
    }
    auto run = [this, job = std::move(job)] {
        struct Release {
            std::atomic<std::size_t>& jobs;
            ~Release() { jobs.fetch_sub(1); }
        } release{jobs_};
        job();  // jobs catch their own errors: an exception here would end the worker thread
    };
    if (threads_ == 0)
        run();
    else
        boost::asio::post(pool_, std::move(run));
    return true;
}

void BoundedWorkPool::join() {
    joined_.store(true);
    pool_.join();
}

}  // namespace mmo::api
