#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "common/net/AcceptBackoff.hpp"

namespace mmo::net {
namespace {

using namespace std::chrono_literals;

// Failures in a row double the pause up to the longest; a success starts again from the first.
TEST(AcceptBackoff, PauseDoublesUpToTheLongestAndResetsOnSuccess) {
    AcceptBackoff backoff;
    const auto start = AcceptBackoff::Clock::time_point{};
    std::vector<std::chrono::milliseconds> pauses;
    for (int i = 0; i < 10; ++i) pauses.push_back(backoff.onFailure(start).pause);
    EXPECT_EQ(pauses.front(), AcceptBackoff::kFirstPause);
    EXPECT_EQ(pauses[1], 2 * AcceptBackoff::kFirstPause);
    EXPECT_EQ(pauses.back(), AcceptBackoff::kLongestPause);
    for (std::size_t i = 1; i < pauses.size(); ++i) EXPECT_GE(pauses[i], pauses[i - 1]);
    backoff.onSuccess();
    EXPECT_EQ(backoff.onFailure(start).pause, AcceptBackoff::kFirstPause);
}

// One failure per report interval is logged; the next report counts those left out.
TEST(AcceptBackoff, ReportsOncePerIntervalWithTheCountLeftOut) {
    AcceptBackoff backoff;
    const auto start = AcceptBackoff::Clock::time_point{} + 1h;
    const auto first = backoff.onFailure(start);
    EXPECT_TRUE(first.report);
    EXPECT_EQ(first.unreported, 0u);
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(backoff.onFailure(start + 1ms * i).report);
    const auto next = backoff.onFailure(start + AcceptBackoff::kReportInterval);
    EXPECT_TRUE(next.report);
    EXPECT_EQ(next.unreported, 1000u);
}

// EMFILE's line names the limit and the keys to change; the pause and the count left out are in it.
TEST(AcceptBackoff, DescribesDescriptorExhaustionWithAHint) {
    AcceptBackoff::Decision decision{40ms, true, 17};
    const auto line = describeAcceptFailure("REST API", boost::asio::error::no_descriptors, decision);
    EXPECT_NE(line.find("REST API: accept failed: "), std::string::npos) << line;
    EXPECT_NE(line.find("(17 more since the last report)"), std::string::npos) << line;
    EXPECT_NE(line.find("pausing accepts for 40 ms"), std::string::npos) << line;
    EXPECT_NE(line.find("game.max_connections"), std::string::npos) << line;
    EXPECT_NE(line.find("ulimit -n"), std::string::npos) << line;
    const auto other =
        describeAcceptFailure("Game server", boost::asio::error::connection_aborted, {10ms, true, 0});
    EXPECT_EQ(other.find("hint"), std::string::npos) << other;
}

}  // namespace
}  // namespace mmo::net
