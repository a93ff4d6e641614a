// BoundedWorkPool: the caps on queued or running jobs (in all and per key), the turns the keys take, on
// worker threads and inline (no thread).
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "node/api/BoundedWorkPool.hpp"

namespace mmo::api {
namespace {

TEST(BoundedWorkPoolTest, WithoutThreadsAJobRunsInlineAndCountsWhileItRuns) {
    BoundedWorkPool pool(0, 1);
    const auto caller = std::this_thread::get_id();
    bool ran = false;
    bool nestedAccepted = true;
    EXPECT_TRUE(pool.tryPost([&] {
        ran = std::this_thread::get_id() == caller;
        nestedAccepted = pool.tryPost([] {});  // the cap of 1 is taken by this very job
    }));
    EXPECT_TRUE(ran);
    EXPECT_FALSE(nestedAccepted);
    EXPECT_TRUE(pool.tryPost([] {}));  // released when the job ended
    pool.join();
    EXPECT_FALSE(pool.tryPost([] {}));
}

TEST(BoundedWorkPoolTest, AWorkerThreadRunsJobsUpToTheCap) {
    BoundedWorkPool pool(1, 1);
    std::promise<void> release;
    std::promise<std::thread::id> started;
    ASSERT_TRUE(pool.tryPost([&, blocker = release.get_future().share()] {
        started.set_value(std::this_thread::get_id());
        blocker.wait();
    }));
    EXPECT_NE(started.get_future().get(), std::this_thread::get_id());
    EXPECT_FALSE(pool.tryPost([] {}));  // one job running: the cap is reached
    release.set_value();
    pool.join();  // runs what is queued to its end
}

// A key may hold maxJobsPerKey jobs queued or running; other keys still get in, up to maxJobs in all.
TEST(BoundedWorkPoolTest, EachKeyHasItsOwnCap) {
    BoundedWorkPool pool(1, 3, 2);
    std::promise<void> release;
    std::promise<void> started;
    auto blocker = release.get_future().share();
    using Result = BoundedWorkPool::PostResult;
    ASSERT_EQ(pool.tryPost("a",
                           [&, blocker] {
                               started.set_value();
                               blocker.wait();
                           }),
              Result::Queued);
    started.get_future().wait();
    EXPECT_EQ(pool.tryPost("a", [] {}), Result::Queued);
    EXPECT_EQ(pool.tryPost("a", [] {}), Result::KeyFull);
    EXPECT_EQ(pool.tryPost("b", [] {}), Result::Queued);
    EXPECT_EQ(pool.tryPost("c", [] {}), Result::Full);
    release.set_value();
    pool.join();
    EXPECT_EQ(pool.tryPost("c", [] {}), Result::Stopped);
}

// The worker takes the keys in turn: one key's long queue delays another key's job by one job at most.
TEST(BoundedWorkPoolTest, KeysTakeTurns) {
    BoundedWorkPool pool(1, 16, 8);
    std::promise<void> release;
    std::promise<void> started;
    auto blocker = release.get_future().share();
    std::mutex mutex;
    std::vector<std::string> order;
    auto record = [&](std::string name) {
        return [&, name] {
            std::lock_guard lock(mutex);
            order.push_back(name);
        };
    };
    ASSERT_TRUE(pool.tryPost([&, blocker] {
        started.set_value();
        blocker.wait();
    }));
    started.get_future().wait();  // the worker is busy: everything below queues
    for (int i = 1; i <= 4; ++i)
        EXPECT_EQ(pool.tryPost("flood", record("flood" + std::to_string(i))),
                  BoundedWorkPool::PostResult::Queued);
    EXPECT_EQ(pool.tryPost("admin", record("admin")), BoundedWorkPool::PostResult::Queued);
    release.set_value();
    pool.join();
    EXPECT_EQ(order, (std::vector<std::string>{"flood1", "admin", "flood2", "flood3", "flood4"}));
}

}  // namespace
}  // namespace mmo::api
