// BoundedWorkPool: the cap on queued or running jobs, on worker threads and inline (no thread).
#include <gtest/gtest.h>

#include <future>
#include <thread>

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

}  // namespace
}  // namespace mmo::api
