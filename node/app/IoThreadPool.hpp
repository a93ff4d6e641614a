#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mmo::node {

// The number of threads `server.io_threads` asks for: the configured value, or for 0 the number of CPUs
// this process may run on (its affinity mask, so `taskset` and cgroup cpusets are honoured), at least 1.
std::size_t resolveIoThreads(int configured);

// Runs one io_context on a fixed number of threads, named "<name>-N" (as `top -H` and perf show them).
// The threads keep running while the io_context has nothing to do, until finishWhenIdle(); then each returns
// once no work is left. An exception thrown by a handler ends its thread and is handed to `onFailure` (once,
// from that thread) so the owner can stop; the other threads carry on until told.
//
// The destructor stops the io_context and joins every thread: the pool must be destroyed before anything
// its handlers use.
class IoThreadPool {
  public:
    using FailureHandler = std::function<void(std::exception_ptr)>;

    IoThreadPool(boost::asio::io_context& io, std::size_t threads, std::string name,
                 FailureHandler onFailure);
    ~IoThreadPool();
    IoThreadPool(const IoThreadPool&) = delete;
    IoThreadPool& operator=(const IoThreadPool&) = delete;

    std::size_t size() const { return threads_.size(); }

    // Lets the threads return once the io_context runs out of work (drops the work guard).
    void finishWhenIdle();
    // Waits until every thread has returned or `deadline` passed; true when every thread returned.
    bool waitUntil(std::chrono::steady_clock::time_point deadline);
    // Stops the io_context (pending handlers stay unrun) and joins every thread.
    void stopAndJoin();

  private:
    void runThread();

    boost::asio::io_context& io_;
    std::string name_;
    FailureHandler onFailure_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::mutex mutex_;
    std::condition_variable finished_;
    std::size_t running_ = 0;
    bool failed_ = false;
    std::vector<std::thread> threads_;  // last: started once the members above exist
};

}  // namespace mmo::node
