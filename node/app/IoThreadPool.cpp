#include "node/app/IoThreadPool.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>

namespace mmo::node {

std::size_t resolveIoThreads(int configured) {
    if (configured > 0) return static_cast<std::size_t>(configured);
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0) return std::max(1, CPU_COUNT(&cpus));
    return std::max(1u, std::thread::hardware_concurrency());
}

IoThreadPool::IoThreadPool(boost::asio::io_context& io, std::size_t threads, std::string name,
                           FailureHandler onFailure)
    : io_(io), name_(std::move(name)), onFailure_(std::move(onFailure)), work_(io.get_executor()) {
    running_ = threads;
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { runThread(); });
        // Named here rather than by the thread itself, so every thread has its name once the pool exists.
        // Linux thread names hold 15 characters.
        const auto threadName = (name_ + "-" + std::to_string(i + 1)).substr(0, 15);
        pthread_setname_np(threads_.back().native_handle(), threadName.c_str());
    }
}

IoThreadPool::~IoThreadPool() {
    stopAndJoin();
}

void IoThreadPool::runThread() {
    std::exception_ptr failure;
    try {
        io_.run();
    } catch (...) {
        failure = std::current_exception();
    }
    bool report = false;
    {
        std::lock_guard lock(mutex_);
        --running_;
        if (failure && !failed_) report = failed_ = true;
    }
    finished_.notify_all();
    if (report && onFailure_) onFailure_(failure);
}

void IoThreadPool::finishWhenIdle() {
    work_.reset();
}

bool IoThreadPool::waitUntil(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return finished_.wait_until(lock, deadline, [this] { return running_ == 0; });
}

void IoThreadPool::stopAndJoin() {
    work_.reset();
    io_.stop();
    for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
}

}  // namespace mmo::node
