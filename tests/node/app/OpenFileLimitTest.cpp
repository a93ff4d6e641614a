#include <gtest/gtest.h>
#include <sys/resource.h>

#include "node/app/OpenFileLimit.hpp"

namespace mmo::node {
namespace {

// The soft limit goes up to the hard limit, and what it was is reported. (Lowers this test process's own
// soft limit first; only the soft limit, so the process can raise it again.)
TEST(OpenFileLimit, RaisesTheSoftLimitToTheHardLimit) {
    rlimit original{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
    if (original.rlim_max != RLIM_INFINITY && original.rlim_max <= 256) GTEST_SKIP() << "hard limit too low";
    rlimit lowered = original;
    lowered.rlim_cur = 256;
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);

    const auto limit = raiseOpenFileLimit();
    EXPECT_EQ(limit.before, 256u);
    EXPECT_EQ(limit.soft, limit.hard);
    if (original.rlim_max != RLIM_INFINITY)
        EXPECT_EQ(limit.hard, static_cast<std::uint64_t>(original.rlim_max));
    rlimit now{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &now), 0);
    EXPECT_EQ(static_cast<std::uint64_t>(now.rlim_cur), limit.soft);

    // Called again, nothing changes.
    const auto again = raiseOpenFileLimit();
    EXPECT_EQ(again.before, again.soft);
    ::setrlimit(RLIMIT_NOFILE, &original);
}

}  // namespace
}  // namespace mmo::node
