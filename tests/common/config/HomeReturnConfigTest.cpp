// eventbus.home_return_after_seconds (docs/configuration.md, docs/sync.md "Coming home after a failover").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/ConfigLoader.hpp"
#include "tests/common/config/ConfigTestSupport.hpp"

namespace mmo::config {
namespace {

using testing::errorOf;
using ::testing::HasSubstr;
using testing::requestFor;

TEST(HomeReturnConfig, DefaultEnvNameAndZeroTurnsItOff) {
    EXPECT_EQ(loadConfig(requestFor(std::nullopt)).config.eventbus.home_return_after_seconds, 20);
    EXPECT_EQ(loadConfig(requestFor(std::nullopt, {{"GAME_EVENTBUS_HOME_RETURN_AFTER_SECONDS", "0"}}))
                  .config.eventbus.home_return_after_seconds,
              0);
}

TEST(HomeReturnConfig, OutOfRangeIsRefusedNamingTheKey) {
    const auto error = errorOf(requestFor(std::nullopt, {{"GAME_EVENTBUS_HOME_RETURN_AFTER_SECONDS", "-1"}}));
    std::string text;
    for (const auto& problem : error.problems()) text += problem.format() + "\n";
    EXPECT_THAT(text, HasSubstr("eventbus.home_return_after_seconds"));
    EXPECT_THAT(text, HasSubstr("an integer from 0 to 3600"));
}

}  // namespace
}  // namespace mmo::config
